package io.hammer.console.runs;

import io.hammer.console.ConsoleProperties;
import io.hammer.engine.HammerProperties;
import io.hammer.engine.deliver.DeadLetterHeaders;
import io.hammer.engine.kafka.KafkaClients;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A few dead letters of a run, by reason, for its page: the last {@code deadLetterScan} records of
 * each partition of the dead letter topic are read (assigned and sought, no consumer group, nothing
 * committed), so that the page costs a bounded read whatever the topic's size.
 */
@Component
public class DeadLetterSamples {
    private static final Logger log = LoggerFactory.getLogger(DeadLetterSamples.class);
    private static final int VALUE_CHARS = 300;
    private static final Duration READ_TIME = Duration.ofSeconds(3);

    private final KafkaClients kafka;
    private final String topic;
    private final ConsoleProperties console;

    public DeadLetterSamples(KafkaClients kafka, HammerProperties properties, ConsoleProperties console) {
        this.kafka = kafka;
        this.topic = properties.topics().deadLetter();
        this.console = console;
    }

    /** One dead letter: its order id, when and why it was dead-lettered, and the start of its bytes. */
    public record Example(String key, String stage, String detail, String status, String attempts, String time, String value) {
    }

    /**
     * Up to {@code deadLetterExamples} examples per reason, reasons in alphabetical order; none when
     * Kafka cannot be read (the page still shows the counts by reason, which come from Redis).
     */
    public Map<String, List<Example>> of(String runId) {
        Map<String, List<Example>> byReason = new TreeMap<>();
        try {
            read(runId, byReason);
        } catch (KafkaException e) {
            log.warn("Dead letters of run {} unreadable from {}: {}", runId, topic, e.toString());
        }
        return byReason;
    }

    private void read(String runId, Map<String, List<Example>> byReason) {
        Map<String, Object> config = kafka.client(Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, READ_TIME).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, READ_TIME);
            Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions, READ_TIME);
            Map<TopicPartition, Long> remaining = new LinkedHashMap<>();
            for (TopicPartition partition : partitions) {
                long end = ends.get(partition);
                consumer.seek(partition, Math.max(begins.get(partition), end - console.deadLetterScan()));
                if (end > begins.get(partition)) {
                    remaining.put(partition, end);
                }
            }
            long deadline = System.nanoTime() + READ_TIME.toNanos();
            while (!remaining.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (runId.equals(header(record, "hammer-run-id"))) {
                        String reason = String.valueOf(header(record, DeadLetterHeaders.REASON));
                        List<Example> examples = byReason.computeIfAbsent(reason, r -> new ArrayList<>());
                        if (examples.size() < console.deadLetterExamples()) {
                            examples.add(example(record));
                        }
                    }
                }
                remaining.keySet().removeIf(partition -> consumer.position(partition) >= remaining.get(partition));
            }
        }
    }

    private static Example example(ConsumerRecord<byte[], byte[]> record) {
        String value = record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8);
        String time = header(record, DeadLetterHeaders.TIME);
        if (time != null && time.matches("\\d+")) {
            time = Instant.ofEpochMilli(Long.parseLong(time)).toString();
        }
        return new Example(record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8),
                header(record, DeadLetterHeaders.STAGE), header(record, DeadLetterHeaders.DETAIL),
                header(record, DeadLetterHeaders.STATUS), header(record, DeadLetterHeaders.ATTEMPTS), time,
                value.length() > VALUE_CHARS ? value.substring(0, VALUE_CHARS) + "…" : value);
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
