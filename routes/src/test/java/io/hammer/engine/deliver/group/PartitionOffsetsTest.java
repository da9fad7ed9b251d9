package io.hammer.engine.deliver.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Commits move per partition up to the first order whose outcome is not recorded, whatever order they finish in. */
class PartitionOffsetsTest {
    private static final TopicPartition P0 = new TopicPartition("messages", 0);
    private static final TopicPartition P1 = new TopicPartition("messages", 1);

    @Test
    void aPartitionCommitsUpToItsFirstUnrecordedOrder() {
        PartitionOffsets offsets = new PartitionOffsets();
        PartitionOffsets.Slot a = offsets.add(P0, 10);
        PartitionOffsets.Slot b = offsets.add(P0, 11);
        PartitionOffsets.Slot c = offsets.add(P0, 12);
        PartitionOffsets.Slot other = offsets.add(P1, 7);

        c.recorded();
        other.recorded();
        offsets.advance();
        // 12 finished before 10 and 11: partition 0 cannot move yet; partition 1 can.
        assertThat(offsets.takeReady()).isEqualTo(Map.of(P1, new OffsetAndMetadata(8)));

        a.recorded();
        offsets.advance();
        assertThat(offsets.takeReady()).isEqualTo(Map.of(P0, new OffsetAndMetadata(11)));
        assertThat(offsets.takeReady()).as("each offset is handed out once").isEmpty();

        b.recorded();
        offsets.advance();
        assertThat(offsets.takeReady()).isEqualTo(Map.of(P0, new OffsetAndMetadata(13)));
    }

    @Test
    void aRevokedPartitionIsForgottenAndItsUnsentOrdersAreLeftToTheNewOwner() {
        PartitionOffsets offsets = new PartitionOffsets();
        PartitionOffsets.Slot finished = offsets.add(P0, 0);
        PartitionOffsets.Slot inFlight = offsets.add(P0, 1);
        PartitionOffsets.Slot kept = offsets.add(P1, 0);
        offsets.resumeAt(P0, 2);
        finished.recorded();
        kept.recorded();
        offsets.advance();
        assertThat(offsets.hasReady()).isTrue();

        offsets.forget(List.of(P0));
        // What the revocation committed (taken before forgetting) is not committed again afterwards.
        assertThat(offsets.takeReady()).isEqualTo(Map.of(P1, new OffsetAndMetadata(1)));
        assertThat(inFlight.owned()).isFalse();
        assertThat(kept.owned()).isTrue();
        assertThat(offsets.next(P0)).isNull();

        inFlight.recorded();
        offsets.advance();
        assertThat(offsets.takeReady()).as("a revoked partition's late outcome moves no offset").isEmpty();
    }
}
