package io.hammer.engine.account;

import io.hammer.engine.kafka.KafkaClients;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The consumer group's lag on the orders topic: records published but not yet committed, summed
 * over partitions, as {@code hammer_kafka_lag{group}}. Measured by the generator role (one figure
 * for the whole group) every few seconds with Kafka's admin API; -1 while it cannot be read.
 */
@Component("kafkaLag")
public class KafkaLag {
    private static final Logger log = LoggerFactory.getLogger(KafkaLag.class);

    private final KafkaClients kafka;
    private final String group;
    private final AtomicLong lag = new AtomicLong(-1);
    private volatile Admin admin;

    public KafkaLag(KafkaClients kafka, MeterRegistry registry, @Value("${hammer.consumer.group}") String group) {
        this.kafka = kafka;
        this.group = group;
        Gauge.builder("hammer.kafka.lag", lag, AtomicLong::get)
                .description("Records of the orders topic not yet committed by the consumer group").tag("group", group)
                .register(registry);
    }

    public void measure() {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin().listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin().listOffsets(committed.keySet().stream()
                    .collect(Collectors.toMap(partition -> partition, partition -> OffsetSpec.latest())))
                    .all().get(5, TimeUnit.SECONDS);
            lag.set(committed.entrySet().stream().filter(e -> e.getValue() != null)
                    .mapToLong(e -> Math.max(0, ends.get(e.getKey()).offset() - e.getValue().offset())).sum());
        } catch (Exception e) {
            lag.set(-1);
            log.debug("Kafka lag of group {} unavailable: {}", group, e.toString());
        }
    }

    public long lag() {
        return lag.get();
    }

    private Admin admin() {
        if (admin == null) {
            synchronized (this) {
                if (admin == null) {
                    admin = Admin.create(kafka.admin());
                }
            }
        }
        return admin;
    }

    @PreDestroy
    void close() {
        if (admin != null) {
            admin.close();
        }
    }
}
