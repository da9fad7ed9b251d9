package io.hammer.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hammer.engine.account.KafkaLag;
import io.hammer.engine.account.RunSummaries;
import io.hammer.engine.api.StartOnBoot;
import io.hammer.engine.account.RunSummary;
import io.hammer.engine.generate.OrderGenerator;
import io.hammer.engine.run.RunSpec;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

class PipelineTest extends PipelineTestSupport {
    @Autowired
    OrderGenerator generator;
    @Autowired
    RunSummaries summaries;
    @Autowired
    KafkaLag kafkaLag;

    @Test
    void everyOrderOfARunArrivesAtAnvilExactlyOnce() throws Exception {
        String runId = "e2e-" + System.nanoTime();
        RunSummary summary = assertEveryOrderDeliveredOnce(runToEnd(runId, 20_000), runId, 20_000);
        assertThat(summary.sinkDistinct()).isEqualTo(20_000);

        // The Kafka record contract: key = client order id, headers = run id and sequence, nothing else of Hammer's.
        List<ConsumerRecord<byte[], byte[]>> published = records("messages", runId, 50);
        assertThat(published).hasSizeGreaterThanOrEqualTo(50).allSatisfy(record -> {
            JsonNode order = json.readTree(record.value());
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(order.get("clOrdId").asText());
            assertThat(header(record, "hammer-seq")).isEqualTo(order.get("seq").asText());
            assertThat(record.headers()).extracting(h -> h.key()).containsExactlyInAnyOrder("hammer-run-id", "hammer-seq");
        });

        // The Prometheus figures are this (only) pod's counters: they must equal the run's account.
        HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(scrape.statusCode()).isEqualTo(200);
        String metrics = scrape.body();
        assertThat(prometheus(metrics, "hammer_orders_generated_total", runId, Map.of())).isEqualTo(summary.generated());
        assertThat(prometheus(metrics, "hammer_orders_produced_total", runId, Map.of())).isEqualTo(summary.produced());
        assertThat(prometheus(metrics, "hammer_orders_consumed_total", runId, Map.of())).isEqualTo(summary.consumed());
        assertThat(prometheus(metrics, "hammer_orders_delivered_total", runId, Map.of())).isEqualTo(summary.delivered());
        assertThat(prometheus(metrics, "hammer_orders_submitted_total", runId, Map.of())).isEqualTo(summary.submitted());
        assertThat(metrics).contains("role=\"generator+producer+consumer\"");

        // Every order committed: the consumer group's lag on the orders topic comes down to 0.
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (kafkaLag.lag() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(kafkaLag.lag()).isZero();
    }

    @Test
    void aSpecFileStartsItsRunAtBootOnceAndNotAgainAfterARestart(@TempDir Path dir) throws Exception {
        String runId = "boot-" + System.nanoTime();
        Path spec = dir.resolve("run.yaml");
        Files.writeString(spec, "runId: " + runId + "\norders: 200\nseed: 3\n");
        assertThat(new StartOnBoot(runs, spec).start()).isNotNull();
        assertThat(awaitDone(runId).delivered()).isEqualTo(200);
        // The pod restarts with the same spec mounted: the run is not started a second time.
        assertThat(new StartOnBoot(runs, spec).start()).isNull();
        assertThat(runs.summary(runId).generated()).isEqualTo(200);
    }

    @Test
    void badInputIsDeadLetteredWithItsReasonAndTheGoodOrdersAroundItAreDelivered() throws Exception {
        String runId = "bad-input-" + System.nanoTime();
        RunSpec spec = new RunSpec(runId, 10, 9L, null).withDefaults();
        Map<Long, byte[]> bad = new HashMap<>();
        bad.put(101L, "{\"clOrdId\": \"x\", ".getBytes(StandardCharsets.UTF_8));
        bad.put(102L, new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xFF, (byte) 0xFE, '"', '}'});
        bad.put(103L, "{\"clOrdId\":\"m-1\",\"side\":\"BUY\"}".getBytes(StandardCharsets.UTF_8));
        bad.put(104L, new String(generator.order(spec, 4), StandardCharsets.UTF_8)
                .replaceFirst("\"quantity\":\\d+", "\"quantity\":-5").getBytes(StandardCharsets.UTF_8));
        bad.put(105L, ("{\"clOrdId\":\"big\",\"Data\":\"" + "x".repeat(20_000) + "\"}").getBytes(StandardCharsets.UTF_8));
        Map<Long, String> expectedReason = Map.of(101L, "malformed-json", 102L, "invalid-utf8", 103L, "missing-field",
                104L, "invalid-field", 105L, "oversize");

        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (long seq = 1; seq <= 10; seq++) {
            records.add(record(runId, seq, generator.order(spec, seq)));
            if (bad.containsKey(100 + seq)) {
                records.add(record(runId, 100 + seq, bad.get(100 + seq)));
            }
        }
        publish(records);

        List<ConsumerRecord<byte[], byte[]>> deadLetters = deadLetters(runId, 5);
        assertThat(deadLetters).hasSize(5);
        for (ConsumerRecord<byte[], byte[]> deadLetter : deadLetters) {
            long seq = Long.parseLong(header(deadLetter, "hammer-seq"));
            assertThat(deadLetter.value()).as("original bytes of %d", seq).isEqualTo(bad.get(seq));
            assertThat(header(deadLetter, "hammer-dl-reason")).isEqualTo(expectedReason.get(seq));
            assertThat(header(deadLetter, "hammer-dl-stage")).isEqualTo("validate");
            assertThat(header(deadLetter, "hammer-dl-detail")).isNotBlank();
            assertThat(header(deadLetter, "hammer-dl-attempts")).as("no request made").isEqualTo("0");
            assertThat(header(deadLetter, "hammer-dl-time")).isNotBlank();
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (anvilRun(runId).path("distinct").asLong() < 10 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(anvilRun(runId).path("distinct").asLong()).isEqualTo(10);
        RunSummary figures = summaries.summarise(runId, "RUNNING");
        assertThat(figures.consumed()).isEqualTo(15);
        assertThat(figures.delivered()).isEqualTo(10);
        assertThat(figures.deadLetteredByReason()).containsAllEntriesOf(Map.of("malformed-json", 1L, "invalid-utf8", 1L,
                "missing-field", 1L, "invalid-field", 1L, "oversize", 1L));
    }

    @Test
    void theRunApiRefusesBadSpecsAndUnknownRunsAndNeedsALogin() throws Exception {
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/runs")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);

        HttpResponse<String> badSpec = api("POST", "/api/runs", "{\"runId\":\"bad spec\",\"orders\":0}");
        assertThat(badSpec.statusCode()).isEqualTo(400);
        // The run-spec schema names each field that is wrong, and why.
        assertThat(json.readTree(badSpec.body()).path("problems").findValuesAsText("field")).containsExactlyInAnyOrder("runId", "orders");
        assertThat(badSpec.body()).contains("runId: does not match").contains("orders: must have a minimum value of 1");

        HttpResponse<String> malformed = api("POST", "/api/runs", "{\"runId\":");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("unreadable run spec");

        HttpResponse<String> unknown = api("GET", "/api/runs/no-such-run", null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("unknown run no-such-run");

        String runId = "api-" + System.nanoTime();
        assertThat(api("POST", "/api/runs", "{\"runId\":\"" + runId + "\",\"orders\":100}").statusCode()).isEqualTo(202);
        assertThat(api("POST", "/api/runs", "{\"runId\":\"" + runId + "\",\"orders\":100}").statusCode()).isEqualTo(409);
        RunSummary summary = awaitDone(runId);
        assertThat(summary.delivered()).isEqualTo(100);
        assertThat(api("GET", "/api/runs/" + runId, null).body()).contains("\"delivered\":100");
    }
}
