package io.hammer.engine.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.hammer.engine.pipeline.PipelineTestSupport;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, item 6: a run whose orders would be too large for the consumers is refused when it is
 * asked for (400 naming extraFields and the limit), not accepted to dead-letter every order; a request
 * body above 1 MB gets 413, with or without a declared length.
 */
class RequestLimitsTest extends PipelineTestSupport {

    @Test
    void aRunWhoseOrdersWouldBeTooLargeIsRefusedWithTheReason() throws Exception {
        Map<String, String> extraFields = new LinkedHashMap<>();
        for (int i = 0; i < 10_000; i++) {
            extraFields.put("field" + i, "value" + i);
        }
        String spec = json.writeValueAsString(Map.of("runId", "too-large", "orders", 10, "payload", Map.of("extraFields", extraFields)));
        HttpResponse<String> refused = api("POST", "/api/runs", spec);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("extraFields").contains("16384 bytes").contains("max-order-bytes");
        assertThat(store.runIds()).doesNotContain("too-large");

        // Just under the limit is fine, and every order of it is delivered, none oversize.
        Map<String, String> some = Map.of("venue", "x".repeat(15_500));
        String fits = json.writeValueAsString(Map.of("runId", "fits-" + System.nanoTime(), "orders", 20, "payload",
                Map.of("extraFields", some, "dataBytes", 32)));
        HttpResponse<String> accepted = api("POST", "/api/runs", fits);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        assertThat(awaitDone(json.readTree(fits).path("runId").asText()).delivered()).isEqualTo(20);
    }

    @Test
    void bodiesAboveOneMegabyteGet413() throws Exception {
        // 1.5 MB: above the limit, within what Tomcat drains (server.tomcat.max-swallow-size), so the answer is read.
        String big = "{\"runId\":\"big-body\",\"orders\":1,\"payload\":{\"name\":\"" + "x".repeat(1_500_000) + "\"}}";
        assertThat(post(HttpRequest.BodyPublishers.ofString(big)).statusCode()).isEqualTo(413);
        byte[] bytes = big.getBytes(StandardCharsets.UTF_8);
        assertThat(post(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))).statusCode())
                .isEqualTo(413);
        assertThat(store.runIds()).doesNotContain("big-body");
    }

    private HttpResponse<String> post(HttpRequest.BodyPublisher body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/runs"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("hammer:engine-test".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json").POST(body).build(), HttpResponse.BodyHandlers.ofString());
    }
}
