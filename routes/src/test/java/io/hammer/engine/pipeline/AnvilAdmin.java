package io.hammer.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hammer.engine.local.LocalStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** Anvil's admin API on a local stack: its per-run counts (what the target really got) and its faults. */
final class AnvilAdmin {
    private final LocalStack stack;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper json = new ObjectMapper();

    AnvilAdmin(LocalStack stack) {
        this.stack = stack;
    }

    JsonNode call(String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.anvilUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(("admin:" + stack.anvilPassword()).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isBetween(200, 299);
        return response.body().isBlank() ? json.nullNode() : json.readTree(response.body());
    }

    /** What Anvil received for a run: {@code distinct} order ids, {@code duplicates} beyond the first. */
    JsonNode run(String runId) throws Exception {
        return call("GET", "/admin/stats?runId=" + runId, null);
    }
}
