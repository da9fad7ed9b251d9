package io.hammer.console.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.hammer.console.ConsoleTestSupport;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, item 3: a signed-in browser session needs its CSRF token on every state-changing request;
 * an Authorization header that does not itself authenticate (a bearer token here, never checked) does
 * not let the session's request skip the token, nor ride on the session.
 */
class CsrfTest extends ConsoleTestSupport {

    @Test
    void aSessionRequestWithAnyAuthorizationHeaderStillNeedsItsToken() throws Exception {
        SessionClient browser = new SessionClient(port);
        assertThat(browser.signIn(OPERATOR, OPERATOR_PASSWORD).statusCode()).isEqualTo(302);
        assertThat(browser.cookie("JSESSIONID")).isNotNull();

        HttpResponse<String> bearer = browser.send(startRun(browser, "csrf-bearer").header("Authorization", "Bearer x"));
        assertThat(bearer.statusCode()).as(bearer.body()).isIn(401, 403);
        HttpResponse<String> noToken = browser.send(startRun(browser, "csrf-none"));
        assertThat(noToken.statusCode()).as(noToken.body()).isEqualTo(403);
        assertThat(store.runIds()).doesNotContain("csrf-bearer", "csrf-none");

        // The same session with its token (as hawtio sends it, from the XSRF-TOKEN cookie) is let through.
        HttpResponse<String> withToken = browser.send(startRun(browser, "csrf-token")
                .header("X-XSRF-TOKEN", browser.cookie("XSRF-TOKEN")));
        assertThat(withToken.statusCode()).as(withToken.body()).isEqualTo(202);
        awaitState("csrf-token", "DONE");
    }

    @Test
    void basicCredentialsThatAuthenticateNeedNoToken() throws Exception {
        HttpResponse<String> basic = operator("POST", "/api/runs", "{\"runId\":\"csrf-basic\",\"orders\":10}");
        assertThat(basic.statusCode()).as(basic.body()).isEqualTo(202);
        awaitState("csrf-basic", "DONE");
        HttpResponse<String> wrong = call("POST", "/api/runs", "application/json", "{\"runId\":\"csrf-wrong\",\"orders\":10}",
                OPERATOR, "not-the-password");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(store.runIds()).doesNotContain("csrf-wrong");
    }

    private static HttpRequest.Builder startRun(SessionClient browser, String runId) {
        return browser.request("/api/runs").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"runId\":\"" + runId + "\",\"orders\":10}"));
    }
}
