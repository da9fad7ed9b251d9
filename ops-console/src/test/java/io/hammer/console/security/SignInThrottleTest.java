package io.hammer.console.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hammer.console.ConsoleTestSupport;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, item 4: wrong passwords back off, on HTTP basic and on the sign-in form, per user name and
 * per client address. After five failures the next sign-in gets 429 with Retry-After, even with the
 * right password; once the wait is over the right password works (1 s here, hammer.security.sign-in.*).
 */
class SignInThrottleTest extends ConsoleTestSupport {
    private static final Duration BACKOFF_OVER = Duration.ofSeconds(5);

    @Test
    void basicAuthBacksOffAfterFiveWrongPasswords() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(call("GET", "/api/runs", null, null, VIEWER, "wrong-" + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> locked = call("GET", "/api/runs", null, null, VIEWER, VIEWER_PASSWORD);
        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(locked.headers().firstValue("Retry-After")).isPresent();
        // The address waits too: another user from it is not let in meanwhile.
        assertThat(call("GET", "/api/runs", null, null, OPERATOR, OPERATOR_PASSWORD).statusCode()).isEqualTo(429);

        await().atMost(BACKOFF_OVER).pollInterval(Duration.ofMillis(200))
                .until(() -> call("GET", "/api/runs", null, null, VIEWER, VIEWER_PASSWORD).statusCode() == 200);
        // The success cleared the slate: one more wrong password is an ordinary 401.
        assertThat(call("GET", "/api/runs", null, null, VIEWER, "wrong").statusCode()).isEqualTo(401);
        assertThat(call("GET", "/api/runs", null, null, VIEWER, VIEWER_PASSWORD).statusCode()).isEqualTo(200);
    }

    @Test
    void theSignInFormBacksOffAfterFiveWrongPasswords() throws Exception {
        SessionClient browser = new SessionClient(port);
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> wrong = browser.signIn(OPERATOR, "wrong-" + i);
            assertThat(wrong.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).contains("error"));
        }
        assertThat(browser.signIn(OPERATOR, OPERATOR_PASSWORD).statusCode()).isEqualTo(429);

        await().atMost(BACKOFF_OVER).pollInterval(Duration.ofMillis(200))
                .until(() -> browser.signIn(OPERATOR, OPERATOR_PASSWORD).statusCode() == 302);
        assertThat(browser.send(browser.request("/runs").GET()).statusCode()).isEqualTo(200);
    }
}
