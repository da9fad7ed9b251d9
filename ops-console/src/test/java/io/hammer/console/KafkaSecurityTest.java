package io.hammer.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hammer.console.runs.DeadLetterSamples;
import io.hammer.console.workers.ConsumerGroupView;
import io.hammer.console.workers.ConsumerGroupView.ConsumerGroupSnapshot;
import io.hammer.engine.HammerApplication;
import io.hammer.engine.api.RunService;
import io.hammer.engine.kafka.KafkaClients;
import io.hammer.engine.pipeline.SaslTestStack;
import io.hammer.engine.run.RunSpec;
import io.hammer.engine.run.RunStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The console's Kafka views against a broker that speaks only SASL_PLAINTEXT (PLAIN), the credentials
 * set only as spring.kafka.* (routes' SaslTestStack): the workers page's consumer group view and a
 * run page's dead-letter samples read the broker.
 */
@SpringBootTest(classes = HammerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class KafkaSecurityTest {
    @Autowired
    RunService runs;
    @Autowired
    RunStore store;
    @Autowired
    KafkaClients kafka;
    @Autowired
    ConsumerGroupView consumerGroupView;
    @Autowired
    DeadLetterSamples deadLetterSamples;

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) throws Exception {
        SaslTestStack.engineProperties().forEach((key, value) -> registry.add(key, () -> value));
        registry.add("spring.security.user.password", () -> "console-operator");
        registry.add("hammer.security.viewer.password", () -> "console-viewer");
        registry.add("hammer.runs.settle", () -> "500ms");
        registry.add("camel.main.shutdown-timeout", () -> "5");
        // Its own JMX name: the other tests' engine, in the same JVM, is "hammer" to Jolokia.
        registry.add("camel.main.name", () -> "hammer-sasl");
        Path data = Files.createTempDirectory("console-sasl-test");
        registry.add("hammer.runs.reports-dir", () -> data.resolve("reports").toString());
        registry.add("hammer.backups.dir", () -> data.resolve("backups").toString());
    }

    @Test
    void theConsumerGroupViewAndTheDeadLetterSamplesReadTheSaslBroker() throws Exception {
        String runId = "console-sasl-" + System.nanoTime();
        runs.start(new RunSpec(runId, 50, 5L, null));
        await().atMost(Duration.ofMinutes(3)).until(() -> "DONE".equals(runs.summary(runId).state()));
        ProducerRecord<byte[], byte[]> notJson = new ProducerRecord<>("messages", null, "not json at all".getBytes(StandardCharsets.UTF_8));
        notJson.headers().add("hammer-run-id", runId.getBytes(StandardCharsets.UTF_8));
        notJson.headers().add("hammer-seq", "51".getBytes(StandardCharsets.UTF_8));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.client(Map.of()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(notJson).get(10, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofMinutes(1)).until(() -> store.stats(runId).getOrDefault("deadLettered", 0L) == 1);

        Map<String, List<DeadLetterSamples.Example>> samples = deadLetterSamples.of(runId);
        assertThat(samples).containsOnlyKeys("malformed-json");
        assertThat(samples.get("malformed-json")).singleElement()
                .satisfies(example -> assertThat(example.value()).isEqualTo("not json at all"));

        ConsumerGroupSnapshot group = consumerGroupView.read();
        assertThat(group.error()).isNull();
        assertThat(group.group()).isEqualTo("hammer-consumers");
        assertThat(group.members()).isNotEmpty();
        assertThat(group.partitions()).hasSize(6);
    }
}
