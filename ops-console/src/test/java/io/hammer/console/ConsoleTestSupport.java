package io.hammer.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.hammer.engine.HammerApplication;
import io.hammer.engine.account.RunSummary;
import io.hammer.engine.api.RunService;
import io.hammer.engine.local.LocalStack;
import io.hammer.engine.pipeline.TestStack;
import io.hammer.engine.run.RunStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The assembled application (engine, console, hawtio) on the engine's test stack: real Kafka, Redis
 * and Anvil over HTTP, in this JVM (routes' TestStack). Tests share one context; each uses its own runs.
 */
@AutoConfigureMetrics // the Prometheus endpoint, as in production
@SpringBootTest(classes = HammerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ConsoleTestSupport {
    protected static final LocalStack STACK = TestStack.get();
    protected static final String OPERATOR = "hammer";
    protected static final String OPERATOR_PASSWORD = "console-operator";
    protected static final String VIEWER = "viewer";
    protected static final String VIEWER_PASSWORD = "console-viewer";
    protected static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);

    protected final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    protected RunService runs;
    @Autowired
    protected RunStore store;
    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) throws Exception {
        STACK.engineProperties().forEach((key, value) -> registry.add(key, () -> value));
        registry.add("spring.security.user.password", () -> OPERATOR_PASSWORD);
        registry.add("hammer.security.viewer.password", () -> VIEWER_PASSWORD);
        // Sign-in backoff as in production, only shorter (security/SignInThrottleTest waits it out).
        registry.add("hammer.security.sign-in.backoff", () -> "1s");
        registry.add("hammer.security.sign-in.max-backoff", () -> "2s");
        registry.add("hammer.runs.settle", () -> "500ms");
        registry.add("hammer.target.timeout-ms", () -> "2000");
        registry.add("camel.main.shutdown-timeout", () -> "5");
        Path data = Files.createTempDirectory("console-test");
        registry.add("hammer.runs.reports-dir", () -> data.resolve("reports").toString());
        registry.add("hammer.backups.dir", () -> data.resolve("backups").toString());
        registry.add("hammer.console.grafana-url", () -> "http://grafana.test/d/hammer?var-run={runId}");
    }

    protected String url(String path) {
        return "http://localhost:" + port + path;
    }

    /** A request with HTTP basic credentials (null user: none). */
    protected HttpResponse<String> call(String method, String path, String contentType, String body, String user, String password)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<String> operator(String method, String path, String json) throws Exception {
        return call(method, path, "application/json", json, OPERATOR, OPERATOR_PASSWORD);
    }

    /** A form post, as a browser sends it, with the operator's basic credentials. */
    protected HttpResponse<String> form(String path, String form) throws Exception {
        return call("POST", path, "application/x-www-form-urlencoded", form, OPERATOR, OPERATOR_PASSWORD);
    }

    protected RunSummary awaitState(String runId, String state) throws InterruptedException {
        long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
        RunSummary summary = runs.summary(runId);
        while (!state.equals(summary.state()) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            summary = runs.summary(runId);
        }
        assertThat(summary.state()).as("run %s: %s", runId, summary).isEqualTo(state);
        return summary;
    }
}
