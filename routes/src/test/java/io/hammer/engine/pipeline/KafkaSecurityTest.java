package io.hammer.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hammer.engine.HammerApplication;
import io.hammer.engine.account.KafkaLag;
import io.hammer.engine.account.RunSummary;
import io.hammer.engine.api.RunService;
import io.hammer.engine.kafka.KafkaClients;
import io.hammer.engine.local.LocalStack;
import io.hammer.engine.run.RunSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The engine against a broker that speaks only SASL_PLAINTEXT (PLAIN), with the credentials set only as
 * Spring Boot's spring.kafka.* (SaslTestStack): the topics are created, a run is produced, consumed and
 * delivered to Anvil, a bad order is dead-lettered, the replay reader reads the orders topic back, and
 * the lag gauge reads the consumer group.
 */
@SpringBootTest(classes = HammerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class KafkaSecurityTest {
    static final LocalStack STACK = SaslTestStack.get();
    static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);
    final ObjectMapper json = new ObjectMapper();
    final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    RunService runs;
    @Autowired
    KafkaClients kafka;
    @Autowired
    KafkaLag kafkaLag;
    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) throws Exception {
        SaslTestStack.engineProperties().forEach((key, value) -> registry.add(key, () -> value));
        registry.add("hammer.runs.settle", () -> "500ms");
        registry.add("spring.security.user.password", () -> "engine-test");
        registry.add("camel.main.shutdown-timeout", () -> "5");
        String reports = Files.createTempDirectory("hammer-sasl-reports").toString();
        registry.add("hammer.runs.reports-dir", () -> reports);
    }

    @Test
    void aClientWithoutTheSaslSettingsIsRefusedAndHammersAdminCreatedTheTopics() throws Exception {
        try (Admin plain = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, STACK.kafkaBrokers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000))) {
            assertThatThrownBy(() -> plain.listTopics().names().get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        }
        try (Admin admin = Admin.create(kafka.admin())) {
            assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS)).contains("messages", "deadLetter", "metrics");
        }
    }

    @Test
    void aRunIsDeliveredReplayedFromTheTopicAndTheGroupsLagRead() throws Exception {
        String runId = "sasl-" + System.nanoTime();
        runs.start(new RunSpec(runId, 300, 1L, null));
        RunSummary summary = awaitDone(runId);
        assertThat(summary.produced()).isEqualTo(300);
        assertThat(summary.delivered()).isEqualTo(300);
        assertThat(summary.deadLettered()).isZero();
        assertThat(anvilDistinct(runId)).isEqualTo(300);

        // -1 while the admin client cannot read the group; 0 once every order is committed.
        await().atMost(Duration.ofSeconds(30)).until(() -> kafkaLag.lag() == 0);

        String replayRun = "sasl-replay-" + System.nanoTime();
        HttpResponse<String> replay = api("/api/templates/replay", json.writeValueAsString(Map.of("runId", replayRun,
                "topic", "messages", "sourceRun", runId, "sequences", "101-200", "speed", "max")));
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(201);
        assertThat(json.readTree(replay.body()).path("result").path("orders").asLong()).isEqualTo(100);
        assertThat(awaitDone(replayRun).delivered()).isEqualTo(100);
        assertThat(anvilDistinct(replayRun)).isEqualTo(100);
    }

    @Test
    void aBadOrderIsDeadLetteredWithItsReason() throws Exception {
        String runId = "sasl-dl-" + System.nanoTime();
        ProducerRecord<byte[], byte[]> notJson = new ProducerRecord<>("messages", null, "not json".getBytes(StandardCharsets.UTF_8));
        notJson.headers().add("hammer-run-id", runId.getBytes(StandardCharsets.UTF_8));
        notJson.headers().add("hammer-seq", "1".getBytes(StandardCharsets.UTF_8));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.client(Map.of()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(notJson).get(10, TimeUnit.SECONDS);
        }

        List<ConsumerRecord<byte[], byte[]>> deadLetters = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(kafka.client(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, "sasl-test-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("deadLetter"));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(record -> {
                    if (runId.equals(header(record, "hammer-run-id"))) {
                        deadLetters.add(record);
                    }
                });
                return !deadLetters.isEmpty();
            });
        }
        assertThat(deadLetters).singleElement().satisfies(deadLetter -> {
            assertThat(new String(deadLetter.value(), StandardCharsets.UTF_8)).isEqualTo("not json");
            assertThat(header(deadLetter, "hammer-dl-reason")).isEqualTo("malformed-json");
        });
    }

    private RunSummary awaitDone(String runId) {
        return await().atMost(RUN_TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> runs.summary(runId), summary -> "DONE".equals(summary.state()));
    }

    private long anvilDistinct(String runId) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(STACK.anvilUrl() + "/admin/stats?runId=" + runId))
                .header("Authorization", basic("admin", STACK.anvilPassword())).build();
        JsonNode stats = json.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
        return stats.path("distinct").asLong();
    }

    private HttpResponse<String> api(String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", basic("hammer", "engine-test")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
