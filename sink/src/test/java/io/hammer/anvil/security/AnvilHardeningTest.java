package io.hammer.anvil.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hammer.anvil.AnvilApplication;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 13, items 4 and 8 for Anvil: it listens on this machine only unless told otherwise, refuses
 * large bodies, rotates its journal (at each new run and by size, keeping a few files), and backs off
 * wrong /admin passwords.
 */
@SpringBootTest(classes = AnvilApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=anvil", "spring.security.user.password=anvil-test",
                "anvil.journal.max-bytes=4KB", "anvil.journal.keep-files=2",
                "anvil.sign-in.backoff=1s", "anvil.sign-in.max-backoff=2s"})
class AnvilHardeningTest {
    static final Path DATA = tempDir();
    final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;
    @Autowired
    ServletWebServerApplicationContext context;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("anvil.data-dir", DATA::toString);
    }

    @Test
    void listensOnTheLoopbackAddressByDefault() {
        Object address = ((TomcatWebServer) context.getWebServer()).getTomcat().getConnector().getProperty("address");
        assertThat(address).isInstanceOf(InetAddress.class);
        assertThat(((InetAddress) address).isLoopbackAddress()).as("bound to %s", address).isTrue();
    }

    @Test
    void largeBodiesAreRefused() throws Exception {
        // 100 KB, over the 64 KiB limit (within what Tomcat drains, so the client reads the answer).
        byte[] big = ("{\"clOrdId\":\"big\",\"pad\":\"" + "x".repeat(100_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertThat(post(HttpRequest.BodyPublishers.ofByteArray(big)).statusCode()).isEqualTo(413);
        // Without a declared length (chunked), read up to the limit and no further.
        assertThat(post(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).statusCode()).isEqualTo(413);
    }

    @Test
    void theJournalRotatesAtEachNewRunAndBySizeKeepingTwoFiles() throws Exception {
        String first = "rot-a-" + System.nanoTime();
        String second = "rot-b-" + System.nanoTime();
        assertThat(post(order(first, 1)).statusCode()).isEqualTo(201);
        assertThat(post(order(second, 1)).statusCode()).isEqualTo(201);
        // The new run started a new file: the current one holds only its order, the first run's went before.
        assertThat(Files.readString(DATA.resolve("orders.ndjson"))).contains(second).doesNotContain(first);
        assertThat(rotated()).anySatisfy(file -> assertThat(Files.readString(file)).contains(first));

        // 4 KB per file: 100 orders of ~150 bytes make several files; only the newest two rotated ones stay.
        for (int seq = 2; seq <= 100; seq++) {
            assertThat(post(order(second, seq)).statusCode()).isEqualTo(201);
        }
        List<Path> kept = rotated();
        assertThat(kept).hasSize(2);
        for (Path file : Stream.concat(kept.stream(), Stream.of(DATA.resolve("orders.ndjson"))).toList()) {
            assertThat(Files.size(file)).as("%s", file).isLessThanOrEqualTo(4096);
        }
        assertThat(Files.readString(DATA.resolve("orders.ndjson"))).contains(second + "-100\"");
    }

    @Test
    void wrongAdminPasswordsBackOff() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(admin("wrong-" + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> locked = admin("anvil-test");
        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(locked.headers().firstValue("Retry-After")).isPresent();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> admin("anvil-test").statusCode() == 200);
    }

    private List<Path> rotated() throws Exception {
        try (Stream<Path> files = Files.list(DATA)) {
            return files.filter(f -> f.getFileName().toString().startsWith("orders-")).sorted().toList();
        }
    }

    private HttpResponse<String> admin(String password) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/admin/stats"))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String order) throws Exception {
        return post(HttpRequest.BodyPublishers.ofString(order));
    }

    private HttpResponse<String> post(HttpRequest.BodyPublisher body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/orders"))
                .header("Content-Type", "application/json").POST(body).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String order(String runId, int seq) {
        return "{\"clOrdId\":\"" + runId + "-" + seq + "\",\"runId\":\"" + runId + "\",\"symbol\":\"AAPL\",\"side\":\"BUY\","
                + "\"quantity\":100,\"price\":187.25,\"pad\":\"" + "p".repeat(40) + "\"}";
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("anvil-hardening");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
