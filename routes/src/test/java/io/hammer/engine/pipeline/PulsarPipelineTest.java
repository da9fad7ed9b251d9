package io.hammer.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.hammer.engine.account.RunSummaries;
import io.hammer.engine.account.RunSummary;
import io.hammer.engine.generate.OrderGenerator;
import io.hammer.engine.run.RunSpec;
import io.hammer.engine.stage.OrderRewriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.MessageId;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Reader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole pipeline with hammer.queue=pulsar, against a real Pulsar broker: the same contracts as over
 * Kafka. One engine context for the class, closed after it: a Pulsar engine left running would claim
 * the chunks of later Pulsar tests' runs.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class PulsarPipelineTest extends EngineTestSupport {
    static final PulsarTestStack PULSAR = PulsarTestStack.get();
    static final String TOPICS = "persistent://public/default/";

    @Autowired
    OrderGenerator generator;
    @Autowired
    RunSummaries summaries;
    @Autowired
    PulsarClient pulsar;
    @Value("${spring.data.redis.port}")
    int redisPort;

    /**
     * The shared stack's Anvil with this broker and a Redis that no Kafka engine of this JVM reads: those
     * engines claim the chunks of every run in their Redis and would publish this class's runs to Kafka.
     */
    @DynamicPropertySource
    static void pulsar(DynamicPropertyRegistry registry) {
        PULSAR.engineProperties().forEach((key, value) -> registry.add(key, () -> value));
        commonSettings(registry);
    }

    /** The engine under test is on this class's Redis, not the Kafka stack's (a property source's order decides it). */
    @BeforeEach
    void onThePulsarStacksRedis() {
        assertThat(redisPort).as("this engine's Redis").isEqualTo(PULSAR.redisPort);
    }

    @Test
    void everyOrderOfARunArrivesExactlyOnceAndEveryMessageIsAcknowledged() throws Exception {
        String runId = "pulsar-e2e-" + System.nanoTime();
        assertEveryOrderDeliveredOnce(runToEnd(runId, 20_000), runId, 20_000);

        // The message contract: key = client order id, properties = run id and sequence, nothing else of Hammer's.
        List<Message<byte[]>> published = read("messages", runId, 50);
        assertThat(published).hasSize(50).allSatisfy(message -> {
            JsonNode order = json.readTree(message.getValue());
            assertThat(message.getKey()).isEqualTo(order.get("clOrdId").asText());
            assertThat(message.getProperty("hammer-seq")).isEqualTo(order.get("seq").asText());
            assertThat(message.getProperties()).containsOnlyKeys("hammer-run-id", "hammer-seq");
        });

        // Every order acknowledged once recorded: the subscription's backlog comes down to 0.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(backlog("messages", "hammer-consumers")).isZero());
    }

    @Test
    void badInputIsDeadLetteredOnThePulsarDeadLetterTopicWithItsReason() throws Exception {
        String runId = "pulsar-bad-" + System.nanoTime();
        RunSpec spec = new RunSpec(runId, 6, 9L, null).withDefaults();
        Map<Long, byte[]> bad = new HashMap<>();
        bad.put(101L, "{\"clOrdId\": \"x\", ".getBytes(StandardCharsets.UTF_8));
        bad.put(102L, "{\"clOrdId\":\"m-1\",\"side\":\"BUY\"}".getBytes(StandardCharsets.UTF_8));
        bad.put(103L, ("{\"clOrdId\":\"big\",\"Data\":\"" + "x".repeat(20_000) + "\"}").getBytes(StandardCharsets.UTF_8));
        Map<Long, String> expectedReason = Map.of(101L, "malformed-json", 102L, "missing-field", 103L, "oversize");

        try (Producer<byte[]> producer = pulsar.newProducer().topic(TOPICS + "messages").create()) {
            for (long seq = 1; seq <= 6; seq++) {
                send(producer, runId, seq, generator.order(spec, seq));
                if (bad.containsKey(100 + seq)) {
                    send(producer, runId, 100 + seq, bad.get(100 + seq));
                }
            }
        }

        List<Message<byte[]>> deadLetters = read("deadLetter", runId, 3);
        assertThat(deadLetters).hasSize(3);
        for (Message<byte[]> deadLetter : deadLetters) {
            long seq = Long.parseLong(deadLetter.getProperty("hammer-seq"));
            assertThat(deadLetter.getValue()).as("original bytes of %d", seq).isEqualTo(bad.get(seq));
            assertThat(deadLetter.getKey()).isEqualTo("key-" + seq);
            assertThat(deadLetter.getProperty("hammer-dl-reason")).isEqualTo(expectedReason.get(seq));
            assertThat(deadLetter.getProperty("hammer-dl-stage")).isEqualTo("validate");
            assertThat(deadLetter.getProperty("hammer-dl-detail")).isNotBlank();
            assertThat(deadLetter.getProperty("hammer-dl-attempts")).as("no request made").isEqualTo("0");
            assertThat(deadLetter.getProperty("hammer-dl-time")).isNotBlank();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> anvilRun(runId).path("distinct").asLong() == 6);
        RunSummary figures = summaries.summarise(runId, "RUNNING");
        assertThat(figures.consumed()).isEqualTo(9);
        assertThat(figures.delivered()).isEqualTo(6);
        assertThat(figures.deadLetteredByReason()).containsAllEntriesOf(Map.of("malformed-json", 1L, "missing-field", 1L,
                "oversize", 1L));
    }

    /**
     * A consumer engine in a JVM of its own, killed (SIGKILL) mid-run while the broker and Redis go on:
     * the messages it had not acknowledged go to the subscription's other consumers. Nothing is lost;
     * what it sent without recording it reaches Anvil twice, within the run's bound of unknown outcomes.
     */
    @Test
    void aConsumerEngineKilledMidRunLosesNothingAndItsResentOrdersAreCounted() throws Exception {
        List<EngineProcess> consumers = new ArrayList<>();
        try {
            for (int i = 1; i <= 2; i++) {
                consumers.add(startConsumerEngine("crash-consumer-" + i + "-" + System.nanoTime()));
            }
            // The test's engine and the two others share the subscription.
            await().atMost(Duration.ofMinutes(3)).until(() -> consumers("messages", "hammer-consumers") == 3);
            String runId = "pulsar-crash-" + System.nanoTime();
            runs.start(new RunSpec(runId, 9_000, 5L, null, List.of(io.hammer.engine.pace.RateSegment.constant(1_500, null))));
            await().atMost(Duration.ofMinutes(1)).until(() -> anvilRun(runId).path("distinct").asLong() >= 3_000);

            consumers.get(0).kill();
            assertThat(anvilRun(runId).path("distinct").asLong()).as("killed mid-run").isLessThan(9_000);

            RunSummary summary = awaitDone(runId);
            assertThat(summary.problems()).isEmpty();
            assertThat(summary.produced()).isEqualTo(9_000);
            assertThat(summary.consumedDistinct()).isEqualTo(9_000);
            assertThat(summary.deliveredDistinct()).isEqualTo(9_000);
            assertThat(summary.deadLettered()).isZero();
            JsonNode anvil = anvilRun(runId);
            assertThat(anvil.path("distinct").asLong()).isEqualTo(9_000);
            long sentBeforeTheCrash = anvil.path("duplicates").asLong() - summary.duplicates();
            assertThat(sentBeforeTheCrash).as("copies Anvil got beyond those the run counted").isBetween(0L, summary.unknownOutcomes());
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(backlog("messages", "hammer-consumers")).isZero());
        } finally {
            for (EngineProcess consumer : consumers) {
                consumer.close();
            }
        }
    }

    /**
     * The replay template reads Pulsar topics with hammer.queue=pulsar: by positions in the topic (the
     * offsets of a non-partitioned topic's partition 0) and by publish time, exactly those messages.
     */
    @Test
    void aPulsarTopicReplaysByPositionAndByPublishTime() throws Exception {
        String sourceRun = "pulsar-recorded-" + System.nanoTime();
        String topic = "recorded-" + System.nanoTime();
        RunSpec sourceSpec = new RunSpec(sourceRun, 500, 11L, null).withDefaults();
        long windowStart;
        long windowEnd;
        try (Producer<byte[]> producer = pulsar.newProducer().topic(TOPICS + topic).enableBatching(false).create()) {
            for (long seq = 1; seq <= 200; seq++) {
                send(producer, sourceRun, seq, generator.order(sourceSpec, seq));
            }
            windowStart = nextMillisecond();
            for (long seq = 201; seq <= 400; seq++) {
                send(producer, sourceRun, seq, generator.order(sourceSpec, seq));
            }
            windowEnd = nextMillisecond();
            for (long seq = 401; seq <= 500; seq++) {
                send(producer, sourceRun, seq, generator.order(sourceSpec, seq));
            }
        }

        String byPosition = "pulsar-replay-off-" + System.nanoTime();
        String byTime = "pulsar-replay-time-" + System.nanoTime();
        HttpResponse<String> positions = replay(Map.of("runId", byPosition, "topic", topic, "offsets", "0:100-199"));
        assertThat(positions.statusCode()).as(positions.body()).isEqualTo(201);
        HttpResponse<String> window = replay(Map.of("runId", byTime, "topic", topic,
                "window", java.time.Instant.ofEpochMilli(windowStart) + "/" + java.time.Instant.ofEpochMilli(windowEnd)));
        assertThat(window.statusCode()).as(window.body()).isEqualTo(201);

        // Position 100 is the 101st message: sequence 101.
        assertReplayed(byPosition, sourceSpec, 100, 100);
        assertReplayed(byTime, sourceSpec, 200, 200);

        HttpResponse<String> outside = replay(Map.of("runId", "pulsar-replay-bad-" + System.nanoTime(), "topic", topic,
                "offsets", "0:450-600"));
        assertThat(outside.statusCode()).isEqualTo(400);
        assertThat(outside.body()).contains("partition 0: offsets 0-499");
    }

    private void assertReplayed(String runId, RunSpec sourceSpec, long firstSourceSeq, int count) throws Exception {
        List<byte[]> orders = orders(runId);
        assertThat(orders).as(runId).hasSize(count);
        for (int k = 1; k <= count; k++) {
            assertThat(new String(orders.get(k - 1), StandardCharsets.UTF_8)).isEqualTo(new String(
                    OrderRewriter.rewrite(generator.order(sourceSpec, firstSourceSeq + k), runId, k), StandardCharsets.UTF_8));
        }
        RunSummary summary = awaitDone(runId);
        assertThat(summary.problems()).isEmpty();
        assertThat(summary.deliveredDistinct()).isEqualTo(count);
        assertThat(anvilRun(runId).path("distinct").asLong()).isEqualTo(count);
    }

    /** A millisecond after every message sent so far was stamped: where a publish-time window can start or end. */
    private static long nextMillisecond() {
        long now = System.currentTimeMillis();
        await().atMost(Duration.ofSeconds(1)).until(() -> System.currentTimeMillis() > now);
        return now + 1;
    }

    private HttpResponse<String> replay(Map<String, String> parameters) throws Exception {
        return api("POST", "/api/templates/replay", json.writeValueAsString(parameters));
    }

    /** The engine with the consumer role only, in a JVM of its own, on this class's broker and Redis. */
    private static EngineProcess startConsumerEngine(String instance) throws Exception {
        return EngineProcess.start(instance, Files.createTempDirectory("pulsar-crash"), List.of(EngineSettings.arguments(
                PULSAR.engineProperties(), Map.of("hammer.role.generator", false, "hammer.role.producer", false,
                        "hammer.instance.id", instance, "camel.main.name", instance,
                        "hammer.runs.reports-dir", REPORTS, "hammer.backups.dir", BACKUPS))));
    }

    private static void send(Producer<byte[]> producer, String runId, long seq, byte[] value) throws Exception {
        producer.newMessage().key("key-" + seq).value(value)
                .property("hammer-run-id", runId).property("hammer-seq", Long.toString(seq)).send();
    }

    /** Messages of one run on a topic, read from its start until {@code expected} are found. */
    List<Message<byte[]>> read(String topic, String runId, int expected) throws Exception {
        List<Message<byte[]>> found = new ArrayList<>();
        try (Reader<byte[]> reader = pulsar.newReader().topic(TOPICS + topic).startMessageId(MessageId.earliest).create()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (found.size() < expected && System.nanoTime() < deadline) {
                Message<byte[]> message = reader.readNext(500, TimeUnit.MILLISECONDS);
                if (message != null && runId.equals(message.getProperty("hammer-run-id"))) {
                    found.add(message);
                }
            }
        }
        return found;
    }

    /** Messages of the topic the subscription has not acknowledged, from the broker's admin API. */
    long backlog(String topic, String subscription) throws Exception {
        return subscription(topic, subscription).path("msgBacklog").asLong(-1);
    }

    long consumers(String topic, String subscription) throws Exception {
        return subscription(topic, subscription).path("consumers").size();
    }

    private JsonNode subscription(String topic, String subscription) throws Exception {
        HttpResponse<String> stats = http.send(HttpRequest.newBuilder(URI.create(PULSAR.broker.adminUrl()
                + "/admin/v2/persistent/public/default/" + topic + "/stats")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(stats.statusCode()).as(stats.body()).isEqualTo(200);
        return json.readTree(stats.body()).path("subscriptions").path(subscription);
    }
}
