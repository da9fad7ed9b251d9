package io.hammer.engine.replay;

import io.hammer.engine.kafka.KafkaClients;
import io.hammer.engine.run.InvalidRunException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads exact offset ranges of a topic with a plain KafkaConsumer: assign, seek, read up to a stop
 * offset. camel-kafka's consumer subscribes as a group and can only start at the beginning, the end
 * or a committed offset, and has no notion of stopping at m; a replay needs all three, once.
 */
final class TopicReader implements TopicSource {
    private static final Duration NO_PROGRESS_LIMIT = Duration.ofSeconds(30);
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final List<TopicPartition> partitions = new ArrayList<>();
    private final Map<TopicPartition, Long> beginnings;
    private final Map<TopicPartition, Long> ends;

    TopicReader(KafkaClients clients, String topic) {
        this.consumer = new KafkaConsumer<>(clients.client(Map.of(
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
                        ConsumerConfig.CLIENT_ID_CONFIG, "hammer-replay")),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
        try {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(15));
            if (infos == null || infos.isEmpty()) {
                throw new InvalidRunException(404, "unknown topic " + topic);
            }
            infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            partitions.sort((a, b) -> Integer.compare(a.partition(), b.partition()));
            beginnings = consumer.beginningOffsets(partitions);
            ends = consumer.endOffsets(partitions);
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
    }

    @Override
    public List<TopicPartition> partitions() {
        return partitions;
    }

    @Override
    public long beginning(TopicPartition partition) {
        return beginnings.get(partition);
    }

    /** The offset after the last message, as of opening the reader. */
    @Override
    public long end(TopicPartition partition) {
        return ends.get(partition);
    }

    /** First offset per partition whose timestamp is at or after {@code time}; the end offset when none is. */
    @Override
    public Map<TopicPartition, Long> offsetsAt(Instant time) {
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(p -> query.put(p, time.toEpochMilli()));
        Map<TopicPartition, Long> offsets = new HashMap<>();
        consumer.offsetsForTimes(query).forEach((p, found) -> offsets.put(p, found == null ? end(p) : found.offset()));
        return offsets;
    }

    /** Timestamps of the first and the last message of the topic (by position in each partition). */
    @Override
    public Instant[] timeSpan() {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (TopicPartition p : partitions) {
            if (beginning(p) < end(p)) {
                long[] edge = {Long.MAX_VALUE, Long.MIN_VALUE};
                Consumer<Read> track = message -> {
                    edge[0] = Math.min(edge[0], message.timestamp());
                    edge[1] = Math.max(edge[1], message.timestamp());
                };
                read(Map.of(p, new long[] {beginning(p), beginning(p) + 1}), track);
                read(Map.of(p, new long[] {end(p) - 1, end(p)}), track);
                first = Math.min(first, edge[0]);
                last = Math.max(last, edge[1]);
            }
        }
        return new Instant[] {Instant.ofEpochMilli(first), Instant.ofEpochMilli(last)};
    }

    /** Hands every record in {@code [start, stop)} of each partition to {@code each}, partition by partition interleaved. */
    @Override
    public void read(Map<TopicPartition, long[]> ranges, Consumer<Read> each) {
        Map<TopicPartition, Long> stops = new HashMap<>();
        ranges.forEach((p, range) -> {
            if (range[0] < range[1]) {
                stops.put(p, range[1]);
            }
        });
        if (stops.isEmpty()) {
            return;
        }
        consumer.assign(stops.keySet());
        stops.keySet().forEach(p -> consumer.seek(p, ranges.get(p)[0]));
        long lastProgress = System.nanoTime();
        while (!stops.isEmpty()) {
            var records = consumer.poll(Duration.ofMillis(500));
            for (ConsumerRecord<byte[], byte[]> record : records) {
                TopicPartition p = new TopicPartition(record.topic(), record.partition());
                Long stop = stops.get(p);
                if (stop != null && record.offset() < stop) {
                    each.accept(read(record));
                }
            }
            // Done with a partition once its position passes the stop (compacted topics leave gaps).
            for (TopicPartition p : List.copyOf(stops.keySet())) {
                if (consumer.position(p) >= stops.get(p)) {
                    stops.remove(p);
                }
            }
            consumer.assign(stops.keySet());
            if (!records.isEmpty()) {
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > NO_PROGRESS_LIMIT.toNanos()) {
                throw new IllegalStateException("reading topic " + topic + " made no progress for " + NO_PROGRESS_LIMIT.toSeconds()
                        + " s; still waiting on " + stops.keySet());
            }
        }
    }

    private static Read read(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> headers = new HashMap<>();
        for (Header header : record.headers()) {
            if (header.value() != null) {
                headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8)); // the last of a repeated key wins
            }
        }
        return new Read(record.partition(), record.offset(), record.timestamp(), record.value(), headers);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
