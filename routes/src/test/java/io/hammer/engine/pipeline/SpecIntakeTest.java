package io.hammer.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hammer.engine.account.RunSummary;
import io.hammer.engine.run.RunSpecSchema;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Run specs as the REST API takes them in: checked by the schema, sized by orders or duration, ids generated. */
class SpecIntakeTest extends PipelineTestSupport {

    @Test
    void aBadSpecIsRefusedNamingTheFieldWithTheClosestKeyAndCreatesNoRun() throws Exception {
        List<String> before = store.runIds();
        HttpResponse<String> fraction = api("POST", "/api/runs", "{\"runId\":\"frac-1\",\"orders\":1.5,\"seed\":1.7}");
        assertThat(fraction.statusCode()).isEqualTo(400);
        JsonNode body = json.readTree(fraction.body());
        assertThat(body.path("error").asText()).contains("orders: number found, integer expected")
                .contains("seed: number found, integer expected");
        assertThat(body.path("problems").findValuesAsText("pointer")).containsExactlyInAnyOrder("/orders", "/seed");

        HttpResponse<String> misspelt = api("POST", "/api/runs", "{\"runId\":\"slo-1\",\"orders\":10,\"slo\":{\"p99ms\":5}}");
        assertThat(misspelt.statusCode()).isEqualTo(400);
        JsonNode problem = json.readTree(misspelt.body()).path("problems").get(0);
        assertThat(problem.path("field").asText()).isEqualTo("slo.p99ms");
        assertThat(problem.path("pointer").asText()).isEqualTo("/slo/p99ms");
        assertThat(problem.path("suggestion").asText()).isEqualTo("p99Ms");
        assertThat(problem.path("message").asText()).isEqualTo("unknown key; did you mean p99Ms?");

        HttpResponse<String> both = api("POST", "/api/runs",
                "{\"runId\":\"both-1\",\"orders\":10,\"duration\":\"5s\",\"rate\":[{\"type\":\"constant\",\"perSecond\":5}]}");
        assertThat(both.statusCode()).isEqualTo(400);
        assertThat(both.body()).contains("give orders or duration, not both");
        HttpResponse<String> unpaced = api("POST", "/api/runs", "{\"runId\":\"unpaced-1\",\"duration\":\"5s\"}");
        assertThat(unpaced.statusCode()).isEqualTo(400);
        assertThat(unpaced.body()).contains("rate: is required with duration");
        HttpResponse<String> notJson = api("POST", "/api/runs", "orders: 10");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.body()).contains("unreadable run spec");
        assertThat(store.runIds()).isEqualTo(before);
    }

    @Test
    void theSchemaIsServedToViewersAsTheEngineChecksWithIt() throws Exception {
        HttpResponse<String> schema = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/schema/run-spec"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("viewer:viewer-test".getBytes(StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(schema.statusCode()).isEqualTo(200);
        assertThat(schema.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/schema+json"));
        try (InputStream file = getClass().getClassLoader().getResourceAsStream(RunSpecSchema.RESOURCE)) {
            assertThat(schema.body()).isEqualTo(new String(file.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aRunSizedByItsDurationGetsItsOrderCountFromTheRateAndAnIdOfItsOwn() throws Exception {
        HttpResponse<String> started = api("POST", "/api/runs", "{\"duration\":\"2s\",\"rate\":[{\"type\":\"constant\",\"perSecond\":250}]}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        JsonNode spec = json.readTree(started.body());
        String runId = spec.path("runId").asText();
        assertThat(runId).matches("run-\\d{8}-\\d{6}-[0-9a-f]{4}");
        assertThat(spec.path("orders").asLong()).isEqualTo(500);
        assertThat(spec.path("duration").asText()).isEqualTo("2s");

        RunSummary summary = awaitDone(runId);
        assertThat(summary.generated()).isEqualTo(500);
        assertThat(summary.delivered()).isEqualTo(500);
        assertThat(summary.problems()).isEmpty();
    }

    @Test
    void aRunIdInUseIsRefusedWithAHint() throws Exception {
        String runId = "twice-" + System.nanoTime();
        assertThat(api("POST", "/api/runs", "{\"runId\":\"" + runId + "\",\"orders\":5}").statusCode()).isEqualTo(202);
        HttpResponse<String> again = api("POST", "/api/runs", "{\"runId\":\"" + runId + "\",\"orders\":5}");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("already exists").contains("--run-id").contains("leave runId out");
        awaitDone(runId);
    }
}
