package io.hammer.engine.replay;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * A topic of the queue, as the replay reads it: partitions of numbered messages (Kafka: offsets;
 * Pulsar: {@link PulsarTopicReader}'s positions), each with a time. Partitions are named with Kafka's
 * plain value class {@link TopicPartition} whichever the queue.
 */
interface TopicSource extends AutoCloseable {

    /** One message read off the topic; {@code header} gives a Kafka header or a Pulsar property, null when absent. */
    record Read(int partition, long offset, long timestamp, byte[] value, Map<String, String> headers) {
        String header(String name) {
            return headers.get(name);
        }
    }

    List<TopicPartition> partitions();

    long beginning(TopicPartition partition);

    /** The position after the last message, as of opening the source. */
    long end(TopicPartition partition);

    default boolean isEmpty() {
        return partitions().stream().allMatch(p -> beginning(p) >= end(p));
    }

    /** "partition 0: offsets 0-833, partition 1: empty, ..." for error messages. */
    default String describeOffsets() {
        List<String> parts = new java.util.ArrayList<>();
        for (TopicPartition p : partitions()) {
            parts.add("partition " + p.partition() + ": " + (beginning(p) >= end(p) ? "empty"
                    : "offsets " + beginning(p) + "-" + (end(p) - 1)));
        }
        return String.join(", ", parts);
    }

    /** First position per partition whose time is at or after {@code time}; the end when none is. */
    Map<TopicPartition, Long> offsetsAt(Instant time);

    /** Times of the first and the last message of the topic (by position in each partition). */
    Instant[] timeSpan();

    /** Hands every message in {@code [start, stop)} of each partition to {@code each}. */
    void read(Map<TopicPartition, long[]> ranges, Consumer<Read> each);

    @Override
    void close();
}
