package io.hammer.console.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.hammer.console.ConsoleTestSupport;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, item 9: the console's pages send a strict Content-Security-Policy, the session cookie is
 * SameSite, error answers carry no Java types or signatures, and the open Prometheus endpoint tells
 * nothing of the working directory or the Redis address.
 */
class ConsoleHardeningTest extends ConsoleTestSupport {

    @Test
    void consolePagesSendAStrictContentSecurityPolicy() throws Exception {
        for (String page : List.of("/runs", "/runs/new", "/replay", "/restore", "/workers", "/login")) {
            // The sign-in page is for browsers, which send no credentials.
            HttpResponse<String> response = page.equals("/login") ? call("GET", page, null, null, null, null)
                    : call("GET", page, null, null, OPERATOR, OPERATOR_PASSWORD);
            assertThat(response.statusCode()).as(page).isEqualTo(200);
            String csp = response.headers().firstValue("Content-Security-Policy").orElse("");
            assertThat(csp).as(page).contains("default-src 'self'", "script-src 'self';", "object-src 'none'",
                    "frame-ancestors 'none'").doesNotContain("unsafe-eval");
            assertThat(csp.replaceAll("style-src-attr 'unsafe-inline'", "")).as(page).doesNotContain("unsafe-inline");
        }
    }

    @Test
    void theSessionCookieIsSameSite() throws Exception {
        HttpResponse<String> signedIn = new SessionClient(port).signIn(VIEWER, VIEWER_PASSWORD);
        assertThat(signedIn.headers().allValues("Set-Cookie")).filteredOn(c -> c.startsWith("JSESSIONID="))
                .isNotEmpty().allSatisfy(cookie -> assertThat(cookie).contains("SameSite=Lax").contains("HttpOnly"));
    }

    @Test
    void errorAnswersCarryNoJavaTypesOrSignatures() throws Exception {
        List<HttpResponse<String>> answers = List.of(
                operator("POST", "/api/templates/replay", "[1]"),
                operator("POST", "/api/templates/replay", "{\"runId\":"),
                operator("POST", "/api/runs", "{\"runId\":\"typed\",\"orders\":\"many\"}"),
                operator("POST", "/api/runs", "[]"),
                operator("PUT", "/api/runs/none/rate", "{\"perSecond\":\"fast\"}"),
                call("GET", "/api/runs/%00", null, null, OPERATOR, OPERATOR_PASSWORD),
                form("/runs/none/rate", "perSecond=abc"),
                form("/workers/producer/scale", "replicas=many"));
        for (HttpResponse<String> answer : answers) {
            assertThat(answer.statusCode()).as(answer.body()).isBetween(400, 499);
            assertThat(answer.body()).as("%s %s", answer.request().method(), answer.request().uri())
                    .doesNotContain("java.", "io.hammer", "com.fasterxml", "org.springframework", "Source:", "`", "Exception");
        }
    }

    @Test
    void prometheusShowsNeitherTheWorkingDirectoryNorTheRedisAddress() throws Exception {
        HttpResponse<String> scrape = call("GET", "/actuator/prometheus", null, null, null, null);
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains("hammer_").doesNotContain(System.getProperty("user.dir"))
                .doesNotContain(":" + STACK.redisPort());
    }
}
