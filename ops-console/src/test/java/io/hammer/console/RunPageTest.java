package io.hammer.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.hammer.engine.run.RunSpec;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** A run's page: its dead letters by reason with examples read from the topic, and its live figures as server-sent events. */
class RunPageTest extends ConsoleTestSupport {

    @Test
    void deadLettersAreShownByReasonWithTheirHeaders() throws Exception {
        runs.start(new RunSpec("dl-page", 50, 9L, null));
        awaitState("dl-page", "DONE");
        // Two orders the validator refuses, as a foreign producer could send them.
        ProducerRecord<byte[], byte[]> notJson = record("dl-page", 51, "not json at all");
        ProducerRecord<byte[], byte[]> noSymbol = record("dl-page", 52, "{\"clOrdId\":\"dl-page-x\",\"runId\":\"dl-page\",\"seq\":52}");
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, STACK.kafkaBrokers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            Stream.of(notJson, noSymbol).forEach(producer::send);
        }
        long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
        while (store.stats("dl-page").getOrDefault("deadLettered", 0L) < 2 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        HttpResponse<String> page = call("GET", "/runs/dl-page", null, null, VIEWER, VIEWER_PASSWORD);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("malformed-json").contains("not json at all")
                .contains("missing-field").contains("validate");
    }

    @Test
    void liveFiguresComeAsServerSentEvents() throws Exception {
        runs.start(new RunSpec("sse-1", 100, 4L, null));
        HttpRequest request = HttpRequest.newBuilder(URI.create(url("/runs/sse-1/events")))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((VIEWER + ":" + VIEWER_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofMinutes(3)).build();
        // The stream ends by itself with the run's last figures.
        HttpResponse<String> events = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(events.statusCode()).isEqualTo(200);
        assertThat(events.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        assertThat(events.body()).contains("event:figures").contains("\"runId\":\"sse-1\"").contains("\"active\":false")
                .contains("\"delivered\":100").contains("\"serviceTime\":{\"count\":100").contains("\"sendDelay\":{\"count\":100");
        assertThat(events.body()).contains("\"recent\":");
        // The page draws the run's seconds of sending, with their latency percentiles, and links its interval log.
        HttpResponse<String> page = call("GET", "/runs/sse-1", null, null, VIEWER, VIEWER_PASSWORD);
        assertThat(page.body()).contains("id=\"latency-time-chart\"").contains("/api/runs/sse-1/latency.hlog")
                .containsPattern("id=\"latency-seconds\">\\[\\{\"atSeconds\"");
        assertThat(call("GET", "/runs/no-such-run/events", null, null, VIEWER, VIEWER_PASSWORD).statusCode()).isEqualTo(404);
    }

    private static ProducerRecord<byte[], byte[]> record(String runId, long seq, String value) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>("messages", null, value.getBytes(StandardCharsets.UTF_8));
        record.headers().add("hammer-run-id", runId.getBytes(StandardCharsets.UTF_8));
        record.headers().add("hammer-seq", Long.toString(seq).getBytes(StandardCharsets.UTF_8));
        return record;
    }
}
