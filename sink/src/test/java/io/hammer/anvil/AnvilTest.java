package io.hammer.anvil;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Anvil over real HTTP: what it accepts, refuses, counts and writes to disk, and who may see it. */
@AutoConfigureMetrics
@SpringBootTest(classes = AnvilApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=anvil", "spring.security.user.password=anvil-test"})
class AnvilTest {
    static final Path DATA = tempDir();
    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("anvil.data-dir", DATA::toString);
    }

    @AfterEach
    void clearFault() throws Exception {
        assertThat(send("DELETE", "/admin/fault", null, true).statusCode()).isEqualTo(204);
    }

    @Test
    void acceptedOrdersAreJournalledAndCountedPerRunWithDuplicates() throws Exception {
        String run = "run-" + System.nanoTime();
        JsonNode before = admin();
        String first = order(run, 1);
        HttpResponse<String> accepted = post(first);
        assertThat(accepted.statusCode()).isEqualTo(201);
        assertThat(json.readTree(accepted.body()).path("duplicate").asBoolean()).isFalse();
        assertThat(post(order(run, 2)).statusCode()).isEqualTo(201);
        HttpResponse<String> again = post(first);
        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(json.readTree(again.body()).path("duplicate").asBoolean()).isTrue();

        JsonNode stats = json.readTree(send("GET", "/admin/stats?runId=" + run, null, true).body());
        assertThat(stats.path("distinct").asLong()).isEqualTo(2);
        assertThat(stats.path("duplicates").asLong()).isEqualTo(1);
        JsonNode after = admin();
        assertThat(after.path("totalRequests").asLong() - before.path("totalRequests").asLong()).isEqualTo(3);
        assertThat(after.path("totalErrors").asLong()).isEqualTo(before.path("totalErrors").asLong());

        List<String> journal = journal(DATA).lines().toList();
        assertThat(journal.stream().filter(line -> line.contains(run))).containsExactly(first, order(run, 2), first);
    }

    @Test
    void aPrettyPrintedOrderIsJournalledOnOneLine() throws Exception {
        String run = "pretty-" + System.nanoTime();
        assertThat(post("{\n  \"clOrdId\": \"" + run + "-1\",\r\n  \"runId\": \"" + run + "\"\n}").statusCode()).isEqualTo(201);
        List<String> lines = journal(DATA).lines().toList().stream().filter(l -> l.contains(run)).toList();
        assertThat(lines).hasSize(1);
        assertThat(json.readTree(lines.get(0)).path("clOrdId").asText()).isEqualTo(run + "-1");
    }

    @Test
    void badInputGetsAClearErrorAndCountsAsAnError() throws Exception {
        long errorsBefore = admin().path("totalErrors").asLong();
        HttpResponse<String> malformed = post("{\"clOrdId\": \"x\", ");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("malformed JSON");
        HttpResponse<String> notAnObject = post("[1, 2]");
        assertThat(notAnObject.statusCode()).isEqualTo(400);
        assertThat(notAnObject.body()).contains("must be a JSON object");
        HttpResponse<String> noId = post("{\"symbol\": \"AAPL\"}");
        assertThat(noId.statusCode()).isEqualTo(400);
        assertThat(noId.body()).contains("no id");
        HttpResponse<String> trailing = post("{\"clOrdId\": \"trailing-order\"} {}");
        assertThat(trailing.statusCode()).isEqualTo(400);
        HttpResponse<String> oversize = post("{\"clOrdId\": \"big\", \"Data\": \"" + "x".repeat(70_000) + "\"}");
        assertThat(oversize.statusCode()).isEqualTo(413);
        assertThat(oversize.body()).contains("exceeds the limit of 65536 bytes");
        assertThat(admin().path("totalErrors").asLong() - errorsBefore).isEqualTo(5);
        assertThat(journal(DATA)).doesNotContain("trailing-order").doesNotContain("\"big\"");
    }

    @Test
    void theAdminPagesNeedTheAdminLoginButHealthAndMetricsAreOpen() throws Exception {
        assertThat(send("GET", "/admin", null, false).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/admin/stats", null, false).statusCode()).isEqualTo(401);
        assertThat(send("PUT", "/admin/fault", "{\"status\":503,\"count\":-1}", false).statusCode()).isEqualTo(401);
        HttpRequest wrongPassword = HttpRequest.newBuilder(URI.create(url("/admin")))
                .header("Authorization", basic("admin", "wrong")).build();
        assertThat(http.send(wrongPassword, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);

        HttpRequest page = HttpRequest.newBuilder(URI.create(url("/admin")))
                .header("Authorization", basic("admin", "anvil-test")).header("Accept", "text/html").build();
        HttpResponse<String> html = http.send(page, HttpResponse.BodyHandlers.ofString());
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.body()).contains("Total Requests").contains("Total Errors").contains("Duplicates");

        assertThat(send("GET", "/actuator/health", null, false).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/actuator/prometheus", null, false).body()).contains("anvil_requests_total");
        assertThat(send("GET", "/actuator/env", null, false).statusCode()).isIn(401, 404);
        assertThat(send("GET", "/actuator/env", null, true).statusCode()).isEqualTo(404);
    }

    @Test
    void anInjectedFaultFailsTheNextRequestsThenAnvilRecovers() throws Exception {
        String run = "fault-" + System.nanoTime();
        assertThat(send("PUT", "/admin/fault", "{\"status\":503,\"count\":2}", true).statusCode()).isEqualTo(200);
        assertThat(post(order(run, 1)).statusCode()).isEqualTo(503);
        assertThat(post(order(run, 1)).statusCode()).isEqualTo(503);
        assertThat(post(order(run, 1)).statusCode()).isEqualTo(201);
        JsonNode stats = json.readTree(send("GET", "/admin/stats?runId=" + run, null, true).body());
        assertThat(stats.path("distinct").asLong()).isEqualTo(1);
        assertThat(stats.path("duplicates").asLong()).isZero();

        HttpResponse<String> badFault = send("PUT", "/admin/fault", "{\"status\":200,\"count\":0}", true);
        assertThat(badFault.statusCode()).isEqualTo(400);
        assertThat(badFault.body()).contains("status must be").contains("count must be");
        assertThat(post(order(run, 2)).statusCode()).isEqualTo(201);
    }

    @Test
    void aSlowFaultDelaysTheAnswerButKeepsTheOrder() throws Exception {
        String run = "slow-" + System.nanoTime();
        assertThat(send("PUT", "/admin/fault", "{\"delayMs\":300,\"count\":1}", true).statusCode()).isEqualTo(200);
        long start = System.nanoTime();
        assertThat(post(order(run, 1)).statusCode()).isEqualTo(201);
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(300_000_000L);
        JsonNode stats = json.readTree(send("GET", "/admin/stats?runId=" + run, null, true).body());
        assertThat(stats.path("distinct").asLong()).isEqualTo(1);
    }

    private JsonNode admin() throws Exception {
        return json.readTree(send("GET", "/admin/stats", null, true).body());
    }

    private HttpResponse<String> post(String body) throws Exception {
        return send("POST", "/orders", body, false);
    }

    private HttpResponse<String> send(String method, String path, String body, boolean admin) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (admin) {
            request.header("Authorization", basic("admin", "anvil-test"));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private static String order(String run, int seq) {
        return "{\"clOrdId\":\"" + run + "-" + seq + "\",\"runId\":\"" + run + "\",\"seq\":" + seq
                + ",\"symbol\":\"AAPL\",\"side\":\"BUY\",\"quantity\":10,\"price\":1.5}";
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("anvil-test");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Every journal file in {@code dir}, rotated ones (oldest first) then the current one, as one text. */
    static String journal(Path dir) throws java.io.IOException {
        StringBuilder text = new StringBuilder();
        try (var files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("orders(-.*)?\\.ndjson"))
                    .sorted(java.util.Comparator.comparing((Path f) -> f.getFileName().toString().equals("orders.ndjson"))
                            .thenComparing(Path::getFileName)).toList()) {
                text.append(Files.readString(file));
            }
        }
        return text.toString();
    }
}
