package io.hammer.engine.deliver.group;

import io.hammer.engine.deliver.Receipt;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The offsets this consumer handed to delivery, per partition and in order, and which of them may be
 * committed: a partition's commit moves up to (not past) its first order whose outcome is not yet in
 * Redis, whatever order the target answered in. A revoked partition is forgotten: its orders still in
 * flight finish and are recorded, but only its new owner commits it.
 */
public final class PartitionOffsets {
    private static final Logger log = LoggerFactory.getLogger(PartitionOffsets.class);

    /** One order's place in its partition; {@code recorded} once its outcome is in Redis. */
    public static final class Slot implements Receipt {
        private final Track track;
        private final long offset;
        private volatile boolean recorded;

        private Slot(Track track, long offset) {
            this.track = track;
            this.offset = offset;
        }

        @Override
        public void recorded() {
            recorded = true;
        }

        /** False once its partition was revoked: the new owner sends the order. */
        @Override
        public boolean owned() {
            return track.owned;
        }
    }

    private static final class Track {
        final Deque<Slot> slots = new ArrayDeque<>();
        volatile boolean owned = true;
    }

    private final Map<TopicPartition, Track> tracks = new HashMap<>();
    /**
     * Per partition, the consumer's position after the last poll whose records camel-kafka took (it may
     * hold them a while before it hands a batch over): where a paused consumer resumes reading.
     */
    private final Map<TopicPartition, Long> next = new HashMap<>();
    /** Offsets to commit, gathered until the consumer thread takes them. */
    private final Map<TopicPartition, OffsetAndMetadata> ready = new HashMap<>();

    public synchronized Slot add(TopicPartition partition, long offset) {
        Slot slot = new Slot(tracks.computeIfAbsent(partition, p -> new Track()), offset);
        slot.track.slots.addLast(slot);
        return slot;
    }

    /** Moves each partition's commit up to its first order not yet recorded. */
    public synchronized void advance() {
        tracks.forEach((partition, track) -> {
            Slot last = null;
            while (!track.slots.isEmpty() && track.slots.peekFirst().recorded) {
                last = track.slots.removeFirst();
            }
            if (last != null) {
                ready.put(partition, new OffsetAndMetadata(last.offset + 1));
            }
        });
    }

    /** The offsets to commit now; each is handed out once. */
    public synchronized Map<TopicPartition, OffsetAndMetadata> takeReady() {
        Map<TopicPartition, OffsetAndMetadata> taken = Map.copyOf(ready);
        ready.clear();
        return taken;
    }

    /** True while offsets wait for the consumer thread to commit them. */
    public synchronized boolean hasReady() {
        return !ready.isEmpty();
    }

    /** Where to resume reading the partition, or null when no poll of it was taken since it was assigned. */
    public synchronized Long next(TopicPartition partition) {
        return next.get(partition);
    }

    public synchronized void resumeAt(TopicPartition partition, long offset) {
        next.put(partition, offset);
    }

    /**
     * On revocation, on the consumer thread: commits what is ready (the revoked partitions' finished
     * offsets among it) and forgets the revoked partitions.
     */
    public void handOver(Collection<TopicPartition> revoked, Consumer<?, ?> consumer) {
        Map<TopicPartition, OffsetAndMetadata> taken;
        synchronized (this) {
            taken = takeReady();
            forget(revoked);
        }
        if (!taken.isEmpty()) {
            try {
                consumer.commitSync(taken);
            } catch (RuntimeException e) {
                log.warn("Could not commit the finished offsets of revoked partitions {}; they will be delivered again: {}",
                        revoked, e.toString());
            }
        }
    }

    /** Drops revoked or lost partitions: their orders not yet sent are skipped, nothing of theirs is committed. */
    public synchronized void forget(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            Track track = tracks.remove(partition);
            if (track != null) {
                track.owned = false;
            }
            next.remove(partition);
            ready.remove(partition);
        }
    }
}
