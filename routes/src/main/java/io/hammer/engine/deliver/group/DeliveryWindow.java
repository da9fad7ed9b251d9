package io.hammer.engine.deliver.group;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.camel.component.kafka.consumer.errorhandler.KafkaConsumerListener;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The consume route's Pausable EIP listener: camel-kafka calls it on the consumer thread after every
 * poll, which makes it the place to commit (the consumer is not thread-safe) and to pause. It commits
 * the offsets delivery finished; then, while the delivery window is full, waits up to
 * {@code hammer.consumer.handoff-wait} for room, and only if none comes (a slow pace: the dispatcher
 * holds a batch longer) pauses the consumer's partitions (the thread keeps polling, so rebalances go
 * on) and resumes them once there is room.
 *
 * <p>Why wait before pausing: Kafka's KIP-848 consumer (AsyncKafkaConsumer; kafka-clients 4.2.1, which
 * Hammer runs, up to 4.4.0) spins in poll() for its whole timeout while a paused partition has fetched
 * records buffered (KAFKA-21084), and it nearly always has: it fetches ahead. Pausing at full speed,
 * where the window is full after nearly every poll, burned a core and cut delivery to 0.4 of what it
 * was (bench/run.sh).
 *
 * <p>camel-kafka drops the records of the poll that found the window full and, by default, seeks to
 * the beginning (or end) of the topic; here each partition is sought back to where that poll began
 * (records of earlier polls camel-kafka may still hold for its next batch are not read again), so
 * nothing is skipped and nothing is read twice.
 */
@Component("deliveryWindow")
public class DeliveryWindow extends KafkaConsumerListener implements Predicate<Object> {
    private static final Logger log = LoggerFactory.getLogger(DeliveryWindow.class);
    private static final Duration POSITION_TIMEOUT = Duration.ofSeconds(1);

    /** What the window is over: room for another batch, the offsets to commit, where reading stopped. */
    public interface Pipeline {
        boolean hasRoom();

        /** Waits up to {@code timeout} for room; true when there is. */
        boolean awaitRoom(Duration timeout) throws InterruptedException;

        PartitionOffsets offsets();
    }

    private final Pipeline pipeline;
    private final Duration handoffWait;
    /**
     * Whether the partitions are paused because the window was full. Only then does room resume them: a route
     * suspended by an operator (JMX, hawtio) has its partitions paused by camel-kafka, and must stay so.
     */
    private boolean pausedForRoom;

    public DeliveryWindow(Pipeline pipeline, @Value("${hammer.consumer.handoff-wait}") Duration handoffWait) {
        this.pipeline = pipeline;
        this.handoffWait = handoffWait;
    }

    /** The Pausable EIP's untilCheck: true while delivery can take another batch. */
    @Override
    public boolean test(Object ignored) {
        return pipeline.hasRoom();
    }

    @Override
    public boolean afterConsume(Object ignored) {
        commitFinished();
        boolean room = test(null) || awaitRoom();
        Consumer<?, ?> consumer = getConsumer();
        if (room) {
            if (pausedForRoom) {
                consumer.resume(consumer.paused());
                pausedForRoom = false;
            }
            // camel-kafka takes this poll's records: a later pause resumes after them.
            for (TopicPartition partition : consumer.assignment()) {
                try {
                    pipeline.offsets().resumeAt(partition, consumer.position(partition, POSITION_TIMEOUT));
                } catch (RuntimeException e) {
                    log.debug("No position for {} yet: {}", partition, e.toString());
                }
            }
        } else {
            consumer.pause(consumer.assignment());
            pausedForRoom = true;
            seekConsumer();
        }
        return room;
    }

    private boolean awaitRoom() {
        try {
            return pipeline.awaitRoom(handoffWait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stopping: camel-kafka's loop sees it
            return false;
        }
    }

    /** Back to the first record of the poll camel-kafka drops, on every partition this poll may have read past it. */
    @Override
    protected void seekConsumer() {
        Consumer<?, ?> consumer = getConsumer();
        Set<TopicPartition> unknown = new HashSet<>();
        for (TopicPartition partition : consumer.assignment()) {
            Long next = pipeline.offsets().next(partition);
            if (next == null) {
                unknown.add(partition);
            } else if (consumer.position(partition) != next) {
                consumer.seek(partition, next);
            }
        }
        if (!unknown.isEmpty()) {
            // Nothing handed from these yet: back to the committed offset (earliest when there is none).
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(unknown);
            for (TopicPartition partition : unknown) {
                OffsetAndMetadata offset = committed.get(partition);
                if (offset == null) {
                    consumer.seekToBeginning(Set.of(partition));
                    pipeline.offsets().resumeAt(partition, consumer.position(partition));
                } else {
                    consumer.seek(partition, offset.offset());
                    pipeline.offsets().resumeAt(partition, offset.offset());
                }
            }
        }
    }

    private void commitFinished() {
        Map<TopicPartition, OffsetAndMetadata> ready = pipeline.offsets().takeReady();
        if (!ready.isEmpty()) {
            getConsumer().commitAsync(ready, (offsets, e) -> {
                if (e != null) {
                    // Typically a rebalance: the partition's new owner reads these records again (duplicates, counted).
                    log.warn("Offset commit failed, the records will be delivered again: {}", e.toString());
                }
            });
        }
    }
}
