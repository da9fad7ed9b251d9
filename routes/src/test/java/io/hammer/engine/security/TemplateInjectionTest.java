package io.hammer.engine.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.hammer.engine.pipeline.PipelineTestSupport;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 13, items 1, 5 and 7 (template parameters): a template parameter is data. A placeholder in
 * it is refused, never resolved (the operator's password must not come back in an answer, a route id
 * or the metrics); each value is checked against its type with a 400 naming the parameter; every
 * backup path stays inside hammer.backups.dir, with one answer whether or not a file exists outside.
 */
class TemplateInjectionTest extends PipelineTestSupport {
    /** Resolved by Camel's property placeholders to the operator's password, "engine-test". */
    private static final String SECRET = "{{spring.security.user.password}}";
    private static final String PASSWORD = "engine-test";

    @Autowired
    CamelContext camel;

    @Test
    void placeholdersInParametersAreRefusedNotResolved() throws Exception {
        assertRefused(post("restore", Map.of("location", "/nonexistent/" + SECRET + ".zip")), "location");
        assertRefused(post("replay", Map.of("runId", "inject-1", "topic", SECRET, "sequences", "1-1")), "topic");
        assertRefused(post("backup", Map.of("runId", SECRET)), "runId");
        assertRefused(post("backup", Map.of("runId", "x", "routeId", "backup-" + SECRET)), "routeId");
        assertRefused(post("replay", Map.of("runId", "inject-2", "topic", "messages", "sequences", "1-" + SECRET)), "sequences");
        assertRefused(post("restore", Map.of("location", "x.zip", "rateProfile",
                "[{\"type\":\"constant\",\"perSecond\":\"" + SECRET + "\"}]")), "rateProfile");
        assertThat(camel.getRoutes()).map(Route::getRouteId).noneMatch(id -> id.contains(PASSWORD) || id.contains("{{"));
        String scrape = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port
                + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(scrape).doesNotContain(PASSWORD);
    }

    @Test
    void replayParametersAreCheckedAgainstTheirTypes() throws Exception {
        HttpResponse<String> zeroSpeed = post("replay", Map.of("runId", "speed-0", "topic", "messages", "sequences", "1-1",
                "speed", "0"));
        assertThat(zeroSpeed.statusCode()).as(zeroSpeed.body()).isEqualTo(400);
        assertThat(zeroSpeed.body()).contains("speed must be a positive factor");
        HttpResponse<String> path = post("replay", Map.of("runId", "topic-path", "topic", "../../etc", "sequences", "1-1"));
        assertThat(path.statusCode()).as(path.body()).isEqualTo(400);
        assertThat(path.body()).contains("topic is not a legal Kafka topic name");
        HttpResponse<String> runId = post("replay", Map.of("runId", "../x", "topic", "messages", "sequences", "1-1"));
        assertThat(runId.statusCode()).as(runId.body()).isEqualTo(400);
        assertThat(runId.body()).contains("runId must be 1-64");
    }

    @Test
    void backupPathsStayInsideTheBackupsDirectory() throws Exception {
        HttpResponse<String> etc = api("GET", "/api/backups?dir=" + URLEncoder.encode("/etc", StandardCharsets.UTF_8), null);
        assertThat(etc.statusCode()).as(etc.body()).isEqualTo(400);
        assertThat(etc.body()).contains("dir must be a path inside the backups directory");
        HttpResponse<String> up = api("GET", "/api/backups?dir=" + URLEncoder.encode("../..", StandardCharsets.UTF_8), null);
        assertThat(up.statusCode()).as(up.body()).isEqualTo(400);

        // A link inside the directory that leads out of it is outside too.
        Path link = BACKUPS.resolve("link-" + System.nanoTime());
        Files.createSymbolicLink(link, Path.of("/etc"));
        HttpResponse<String> viaLink = api("GET", "/api/backups?dir=" + link.getFileName(), null);
        assertThat(viaLink.statusCode()).as(viaLink.body()).isEqualTo(400);
        assertThat(post("restore", Map.of("location", link.getFileName() + "/hostname")).statusCode()).isEqualTo(400);

        // Outside the directory, an existing file and a missing one get the same answer.
        HttpResponse<String> existing = post("restore", Map.of("location", "/etc/hostname"));
        HttpResponse<String> missing = post("restore", Map.of("location", "/etc/no-such-file-" + System.nanoTime()));
        assertThat(existing.statusCode()).isEqualTo(400).isEqualTo(missing.statusCode());
        assertThat(existing.body()).isEqualTo(missing.body()).contains("location must be a path inside the backups directory");

        // A backup's destination cannot be elsewhere either: refused before the run is even looked up.
        Path elsewhere = Files.createTempDirectory("not-backups");
        HttpResponse<String> destination = post("backup", Map.of("runId", "any-run", "destination", elsewhere.toString()));
        assertThat(destination.statusCode()).as(destination.body()).isEqualTo(400);
        assertThat(destination.body()).contains("destination must be a path inside the backups directory");
        try (var files = Files.list(elsewhere)) {
            assertThat(files).isEmpty();
        }
    }

    private HttpResponse<String> post(String template, Map<String, String> parameters) throws Exception {
        return api("POST", "/api/templates/" + template, json.writeValueAsString(parameters));
    }

    private static void assertRefused(HttpResponse<String> response, String parameter) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).as("names the parameter").contains(parameter).doesNotContain(PASSWORD);
    }
}
