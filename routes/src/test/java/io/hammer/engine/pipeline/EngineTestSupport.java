package io.hammer.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hammer.engine.HammerApplication;
import io.hammer.engine.account.RunSummary;
import io.hammer.engine.api.RunService;
import io.hammer.engine.generate.RunOrders;
import io.hammer.engine.local.LocalStack;
import io.hammer.engine.run.RunSpec;
import io.hammer.engine.run.RunStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The engine with every role against a queue, Redis and the shared stack's Anvil (over HTTP), with the
 * helpers its tests share. Which queue and Redis: {@link PipelineTestSupport} (Kafka, the shared stack)
 * or a test class's own {@code @DynamicPropertySource} that calls {@link #commonSettings}. Not declared
 * here: Spring runs a superclass's property source after a subclass's, so it would win.
 */
@AutoConfigureMetrics
@SpringBootTest(classes = HammerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class EngineTestSupport {
    protected static final LocalStack STACK = TestStack.get();
    static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);
    static final Path REPORTS = tempDir("hammer-reports");
    /** hammer.backups.dir: every backup and restore path lies inside it. */
    protected static final Path BACKUPS = tempDir("hammer-backups");
    protected final ObjectMapper json = new ObjectMapper();
    protected final HttpClient http = HttpClient.newHttpClient();
    private final AnvilAdmin anvil = new AnvilAdmin(STACK);

    @Autowired
    protected RunService runs;
    @Autowired
    protected RunStore store;
    @Autowired
    RunOrders runOrders;
    @LocalServerPort
    protected int port;

    /** The test engine's settings beyond its stack's. */
    static void commonSettings(DynamicPropertyRegistry registry) {
        // Short retries and timeouts keep the fault tests quick; the policy is the same.
        // 2 s: short enough for the hung-target test (Anvil answers after 3 s), long enough that a
        // request starved of CPU on a loaded 2-core machine does not time out and get retried.
        registry.add("hammer.target.timeout-ms", () -> "2000");
        registry.add("hammer.target.retry-delay", () -> "50ms");
        registry.add("hammer.target.max-retry-delay", () -> "200ms");
        registry.add("hammer.runs.settle", () -> "500ms");
        registry.add("spring.security.user.password", () -> "engine-test");
        registry.add("hammer.security.viewer.password", () -> "viewer-test");
        // The stack stops with the JVM, maybe before the engine: do not wait long for its routes.
        registry.add("camel.main.shutdown-timeout", () -> "5");
        registry.add("hammer.runs.reports-dir", () -> REPORTS.toString());
        registry.add("hammer.backups.dir", () -> BACKUPS.toString());
        // Each test context is its own consumer: static membership needs an id of its own.
        String instance = "engine-test-" + java.util.UUID.randomUUID();
        registry.add("hammer.instance.id", () -> instance);
    }

    private static Path tempDir(String prefix) {
        try {
            return java.nio.file.Files.createTempDirectory(prefix);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    protected RunSummary runToEnd(String runId, long orders) throws InterruptedException {
        runs.start(new RunSpec(runId, orders, 1L, null));
        return awaitDone(runId);
    }

    protected RunSummary awaitDone(String runId) throws InterruptedException {
        long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
        RunSummary summary = runs.summary(runId);
        while (!"DONE".equals(summary.state()) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            summary = runs.summary(runId);
        }
        assertThat(summary.state()).as("run %s finished: %s", runId, summary).isEqualTo("DONE");
        return summary;
    }

    /** A run that went through without fault: every order produced, consumed and delivered once, at the engine and at Anvil. */
    protected RunSummary assertEveryOrderDeliveredOnce(RunSummary summary, String runId, long orders) throws Exception {
        assertThat(summary.problems()).isEmpty();
        assertThat(summary.generated()).isEqualTo(orders);
        assertThat(summary.produced()).isEqualTo(orders);
        assertThat(summary.producerFailed()).isZero();
        assertThat(summary.consumed()).isEqualTo(orders);
        assertThat(summary.delivered()).isEqualTo(orders);
        assertThat(summary.deliveredDistinct()).isEqualTo(orders);
        assertThat(summary.deadLettered()).isZero();
        assertThat(summary.duplicates()).isZero();
        JsonNode anvil = anvilRun(runId);
        assertThat(anvil.path("distinct").asLong()).isEqualTo(orders);
        assertThat(anvil.path("duplicates").asLong()).isZero();
        return summary;
    }

    JsonNode anvil(String method, String path, String body) throws Exception {
        return anvil.call(method, path, body);
    }

    /** A run's orders as they are in Redis, in sequence order. */
    List<byte[]> orders(String runId) {
        List<byte[]> orders = new ArrayList<>();
        long chunks = Long.parseLong(store.runHash(runId).get("chunks"));
        for (long chunk = 1; chunk <= chunks; chunk++) {
            orders.addAll(runOrders.chunk(runId, chunk)); // a generated run's published chunks come from its seed
        }
        return orders;
    }

    /** A call to the engine's REST API as user hammer. */
    protected HttpResponse<String> api(String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString("hammer:engine-test".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    JsonNode anvilRun(String runId) throws Exception {
        return anvil.run(runId);
    }

    void publish(List<ProducerRecord<byte[], byte[]>> records) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, STACK.kafkaBrokers());
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            records.forEach(producer::send);
            producer.flush();
        }
    }

    /** Dead letters of one run, read from the start of the topic until {@code expected} are found. */
    List<ConsumerRecord<byte[], byte[]>> deadLetters(String runId, int expected) {
        return records("deadLetter", runId, expected);
    }

    /** Records of one run on a topic, read from its start until {@code expected} are found. */
    List<ConsumerRecord<byte[], byte[]>> records(String topic, String runId, int expected) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, STACK.kafkaBrokers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + System.nanoTime());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (found.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (runId.equals(header(record, "hammer-run-id"))) {
                        found.add(record);
                    }
                }
            }
        }
        return found;
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    static ProducerRecord<byte[], byte[]> record(String runId, long seq, byte[] value) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>("messages", null, value);
        record.headers().add("hammer-run-id", runId.getBytes(StandardCharsets.UTF_8));
        record.headers().add("hammer-seq", Long.toString(seq).getBytes(StandardCharsets.UTF_8));
        return record;
    }

    /** Prometheus counter value for a run, summed over its other tags. */
    double prometheus(String scrape, String metric, String runId, Map<String, String> tags) {
        return scrape.lines()
                .filter(line -> line.startsWith(metric + "{") && line.contains("run=\"" + runId + "\""))
                .filter(line -> tags.entrySet().stream().allMatch(t -> line.contains(t.getKey() + "=\"" + t.getValue() + "\"")))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
