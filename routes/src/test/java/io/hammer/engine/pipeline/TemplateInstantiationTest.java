package io.hammer.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hammer.engine.cli.HammerCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import io.hammer.engine.template.TemplateService;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** One template instantiated from YAML, from the CLI and over REST gives the same route each time. */
class TemplateInstantiationTest extends PipelineTestSupport {
    @LocalServerPort
    int port;
    @Autowired
    CamelContext camel;
    @Autowired
    TemplateService templates;

    @Test
    void yamlCliAndRestMakeTheSameRoute() throws Exception {
        String runId = "tpl-" + System.nanoTime();
        runToEnd(runId, 100);
        Path dir = Files.createTempDirectory(BACKUPS, "backups");

        // YAML: a templatedRoute, as a user would add to the engine's routes.
        String yaml = """
                - templatedRoute:
                    routeTemplateRef: backup
                    routeId: "backup-yaml"
                    parameters:
                      - name: runId
                        value: "%s"
                      - name: destination
                        value: "%s"
                """.formatted(runId, dir);
        PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString("memory:backup-instance.yaml", yaml));
        TemplateService.RouteDescription fromYaml = templates.describe("backup-yaml");
        awaitBackups(dir, 1);

        // REST.
        HttpResponse<String> rest = api("POST", "/api/templates/backup",
                "{\"routeId\":\"backup-rest\",\"runId\":\"" + runId + "\",\"destination\":\"" + dir + "\"}");
        assertThat(rest.statusCode()).as(rest.body()).isEqualTo(201);
        JsonNode fromRest = json.readTree(rest.body());

        // CLI, against the same engine; it also prints the YAML above for the same parameters.
        StringWriter printed = new StringWriter();
        assertThat(HammerCli.commandLine(new PrintWriter(printed, true), new PrintWriter(printed, true)).execute(
                "template", "backup", "routeId=backup-yaml", "runId=" + runId, "destination=" + dir, "--yaml")).isZero();
        assertThat(printed.toString()).isEqualTo(yaml.replace("    routeId: \"backup-yaml\"\n", "")
                .replace("routeTemplateRef: backup\n", "routeTemplateRef: backup\n    routeId: \"backup-yaml\"\n"));
        printed.getBuffer().setLength(0);
        int exit = HammerCli.commandLine(new PrintWriter(printed, true), new PrintWriter(printed, true)).execute(
                "--url", "http://localhost:" + port, "--password", "engine-test",
                "template", "backup", "routeId=backup-cli", "runId=" + runId, "destination=" + dir);
        assertThat(exit).as(printed.toString()).isZero();
        JsonNode fromCli = json.readTree(printed.toString());

        JsonNode yamlRoute = json.valueToTree(fromYaml);
        assertThat(yamlRoute.path("template").asText()).isEqualTo("backup");
        for (JsonNode other : new JsonNode[] {fromRest.path("route"), fromCli.path("route")}) {
            assertThat(other.path("template").asText()).isEqualTo("backup");
            assertThat(other.path("parameters")).isEqualTo(yamlRoute.path("parameters"));
            assertThat(other.path("endpoint")).isEqualTo(yamlRoute.path("endpoint"));
            String routeId = other.path("routeId").asText();
            assertThat(other.path("definition").asText().replace(routeId, "ROUTE"))
                    .isEqualTo(yamlRoute.path("definition").asText().replace("backup-yaml", "ROUTE"));
        }
        assertThat(yamlRoute.path("endpoint").asText()).isEqualTo("timer://backup-" + runId + "?delay=0&repeatCount=1");
        assertThat(yamlRoute.path("definition").asText()).contains(runId).contains(dir.toString()).doesNotContain("{{");
        assertThat(yamlRoute.path("parameters")).isEqualTo(json.valueToTree(Map.of("runId", runId, "destination", dir.toString())));

        // Three backups of the run, each listed with its size, date, run id and order count.
        JsonNode listed = json.readTree(api("GET", "/api/backups?dir=" + URLEncoder.encode(dir.toString(), StandardCharsets.UTF_8),
                null).body());
        assertThat(listed).hasSize(3).allSatisfy(backup -> {
            assertThat(backup.path("runId").asText()).isEqualTo(runId);
            assertThat(backup.path("orders").asLong()).isEqualTo(100);
            assertThat(backup.path("bytes").asLong()).isPositive();
            assertThat(backup.path("createdAt").asText()).isNotBlank();
            assertThat(backup.path("file").asText()).endsWith(".hammer-backup.zip");
        });
        assertThat(fromRest.path("result").path("orders").asLong()).isEqualTo(100);
    }

    @Test
    void templatesAreListedWithTheirParametersAndBadCallsAreRefused() throws Exception {
        JsonNode listed = json.readTree(api("GET", "/api/templates", null).body());
        assertThat(listed.findValuesAsText("id")).contains("replay", "backup", "restore");
        JsonNode replay = json.readTree(api("GET", "/api/templates/replay", null).body());
        assertThat(replay.path("parameters").findValuesAsText("name"))
                .contains("runId", "topic", "sequences", "offsets", "window", "mapping", "speed");

        HttpResponse<String> unknownTemplate = api("POST", "/api/templates/nope", "{}");
        assertThat(unknownTemplate.statusCode()).isEqualTo(404);
        HttpResponse<String> unknownParameter = api("POST", "/api/templates/backup", "{\"runId\":\"x\",\"colour\":\"red\"}");
        assertThat(unknownParameter.statusCode()).isEqualTo(400);
        assertThat(unknownParameter.body()).contains("no parameter colour");
        HttpResponse<String> missing = api("POST", "/api/templates/backup", "{}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("runId");
        HttpResponse<String> unknownRun = api("POST", "/api/templates/backup", "{\"runId\":\"no-such-run\"}");
        assertThat(unknownRun.statusCode()).isEqualTo(404);
        assertThat(unknownRun.body()).contains("unknown run no-such-run");
        assertThat(camel.getRoute("backup-no-such-run")).as("a failed template's route is removed").isNull();
    }

    private void awaitBackups(Path dir, int count) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (var files = Files.list(dir)) {
                if (files.filter(f -> f.toString().endsWith(".hammer-backup.zip")).count() >= count) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no backup in " + dir);
    }

    @Override
    protected HttpResponse<String> api(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString("hammer:engine-test".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
