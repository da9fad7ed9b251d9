package io.hammer.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.hammer.engine.pace.RateSegment;
import io.hammer.engine.run.RunSpec;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad input, by REST or by form, gets a 4xx with a clear message and changes nothing. */
class ValidationTest extends ConsoleTestSupport {

    @Test
    void badRunSpecsAreRefusedAndCreateNoRun() throws Exception {
        List<String> before = store.runIds();
        HttpResponse<String> negative = operator("POST", "/api/runs", "{\"runId\":\"bad-1\",\"orders\":-5}");
        assertThat(negative.statusCode()).isEqualTo(400);
        assertThat(negative.body()).contains("orders: must have a minimum value of 1");
        HttpResponse<String> absurdRate = operator("POST", "/api/runs",
                "{\"runId\":\"bad-2\",\"orders\":10,\"rate\":[{\"type\":\"constant\",\"perSecond\":1e12}]}");
        assertThat(absurdRate.statusCode()).isEqualTo(400);
        assertThat(absurdRate.body()).contains("rate[0].perSecond");

        HttpResponse<String> word = form("/runs", "runId=bad-3&orders=many&rateType=none");
        assertThat(word.statusCode()).isEqualTo(400);
        assertThat(word.body()).contains("orders must be a whole number, was &#39;many&#39;");
        HttpResponse<String> negativeForm = form("/runs", "runId=bad-4&orders=-5&rateType=none");
        assertThat(negativeForm.statusCode()).isEqualTo(400);
        assertThat(negativeForm.body()).contains("orders: must have a minimum value of 1");
        // The form's spec goes through the run spec's schema as the API's does: unknown keys with the closest one.
        HttpResponse<String> misspelt = form("/runs", "runId=bad-6&orders=10&rateType=none&rateJson="
                + java.net.URLEncoder.encode("[{\"type\":\"constant\",\"perSecnd\":500}]", java.nio.charset.StandardCharsets.UTF_8));
        assertThat(misspelt.statusCode()).isEqualTo(400);
        assertThat(misspelt.body()).contains("rate[0].perSecnd: unknown key; did you mean perSecond?");
        HttpResponse<String> both = form("/runs", "runId=bad-7&orders=10&duration=5s&rateType=constant&perSecond=5");
        assertThat(both.statusCode()).isEqualTo(400);
        assertThat(both.body()).contains("duration: give orders or duration, not both");
        HttpResponse<String> zeroRate = form("/runs", "runId=bad-5&orders=10&rateType=constant&perSecond=0");
        assertThat(zeroRate.statusCode()).isEqualTo(400);
        assertThat(zeroRate.body()).contains("the last rate segment must end above 0");
        assertThat(store.runIds()).isEqualTo(before);
    }

    @Test
    void badRateChangesAreRefusedAndChangeNothing() throws Exception {
        runs.start(new RunSpec("paced-v", 400, 1L, null, List.of(RateSegment.constant(50, null))));
        int controls = store.controls("paced-v").size();
        for (String rate : List.of("0", "-10", "1e12", "NaN")) {
            HttpResponse<String> api = operator("PUT", "/api/runs/paced-v/rate", "{\"perSecond\":\"" + rate + "\"}");
            assertThat(api.statusCode()).as("rate %s: %s", rate, api.body()).isEqualTo(400);
            HttpResponse<String> page = form("/runs/paced-v/rate", "perSecond=" + rate);
            assertThat(page.statusCode()).as("rate %s", rate).isEqualTo(400);
            assertThat(page.body()).contains("perSecond must be above 0");
        }
        assertThat(form("/runs/paced-v/rate", "perSecond=fast").body()).contains("must be a number of orders per second");
        assertThat(store.controls("paced-v")).hasSize(controls);
        runs.abort("paced-v");
    }

    @Test
    void unknownRunsAre404() throws Exception {
        assertThat(operator("GET", "/api/runs/no-such-run", null).statusCode()).isEqualTo(404);
        assertThat(operator("PUT", "/api/runs/no-such-run/rate", "{\"perSecond\":10}").statusCode()).isEqualTo(404);
        assertThat(operator("POST", "/api/runs/no-such-run/pause", null).statusCode()).isEqualTo(404);
        HttpResponse<String> page = call("GET", "/runs/no-such-run", null, null, VIEWER, VIEWER_PASSWORD);
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.body()).contains("unknown run no-such-run");
        assertThat(form("/runs/no-such-run/abort", "").statusCode()).isEqualTo(404);
        assertThat(form("/runs/no-such-run/backup", "").statusCode()).isEqualTo(404);
    }

    @Test
    void aReplayRangeOutsideTheTopicIsRefusedAndLoadsNothing() throws Exception {
        runs.start(new RunSpec("replay-source", 100, 5L, null));
        awaitState("replay-source", "DONE");
        HttpResponse<String> page = form("/replay",
                "runId=replay-bad&topic=messages&rangeType=sequences&range=5000-6000&sourceRun=replay-source&speed=max");
        assertThat(page.statusCode()).as(page.body()).isEqualTo(400);
        assertThat(page.body()).contains("outside topic messages");
        assertThat(store.runHash("replay-bad")).isEmpty();
        HttpResponse<String> api = operator("POST", "/api/templates/replay",
                "{\"runId\":\"replay-bad\",\"topic\":\"messages\",\"sequences\":\"5000-6000\",\"sourceRun\":\"replay-source\"}");
        assertThat(api.statusCode()).isEqualTo(400);
        assertThat(store.runHash("replay-bad")).isEmpty();
    }

    @Test
    void viewersReadButDoNotAct() throws Exception {
        assertThat(call("GET", "/api/runs", null, null, VIEWER, VIEWER_PASSWORD).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/runs", null, null, VIEWER, VIEWER_PASSWORD).statusCode()).isEqualTo(200);
        List<String> before = store.runIds();
        assertThat(call("POST", "/api/runs", "application/json", "{\"runId\":\"viewer-1\",\"orders\":10}", VIEWER, VIEWER_PASSWORD)
                .statusCode()).isEqualTo(403);
        assertThat(call("POST", "/runs", "application/x-www-form-urlencoded", "runId=viewer-2&orders=10", VIEWER, VIEWER_PASSWORD)
                .statusCode()).isEqualTo(403);
        assertThat(store.runIds()).isEqualTo(before);
        assertThat(call("GET", "/api/runs", null, null, null, null).statusCode()).isEqualTo(401);
    }

    @Test
    void aSignedInBrowserPostNeedsItsFormsCsrfToken() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        String login = browser.send(HttpRequest.newBuilder(URI.create(url("/login"))).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        HttpResponse<String> signedIn = browser.send(post("/login", "username=" + OPERATOR + "&password=" + OPERATOR_PASSWORD
                + "&_csrf=" + token(login)), HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location").orElse("")).doesNotContain("error");
        // A forged post (no token) is refused; the same post from the console's own form goes through.
        assertThat(browser.send(post("/runs", "runId=csrf-1&orders=10&rateType=none"), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(403);
        assertThat(store.runHash("csrf-1")).isEmpty();
        // Nor does the session carry a forged call to the REST API.
        HttpResponse<String> forgedApi = browser.send(HttpRequest.newBuilder(URI.create(url("/api/runs")))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"runId\":\"csrf-1\",\"orders\":10}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(forgedApi.statusCode()).isEqualTo(403);
        assertThat(store.runHash("csrf-1")).isEmpty();
        String form = browser.send(HttpRequest.newBuilder(URI.create(url("/runs/new"))).build(), HttpResponse.BodyHandlers.ofString()).body();
        HttpResponse<String> started = browser.send(post("/runs", "runId=csrf-1&orders=10&rateType=none&_csrf=" + token(form)),
                HttpResponse.BodyHandlers.ofString());
        assertThat(started.statusCode()).isEqualTo(302);
        assertThat(started.headers().firstValue("Location").orElse("")).endsWith("/runs/csrf-1");
        awaitState("csrf-1", "DONE");
    }

    private HttpRequest post(String path, String form) {
        return HttpRequest.newBuilder(URI.create(url(path))).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
    }

    private static String token(String page) {
        Matcher token = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"|value=\"([^\"]+)\"[^>]*name=\"_csrf\"").matcher(page);
        assertThat(token.find()).as("a CSRF token in %s", page).isTrue();
        return URLEncoder.encode(token.group(1) != null ? token.group(1) : token.group(2), StandardCharsets.UTF_8);
    }

    @Test
    void workerControlGivesAClearAnswer() throws Exception {
        HttpResponse<String> negative = form("/workers/consumer/scale", "replicas=-1");
        assertThat(negative.statusCode()).isEqualTo(400);
        assertThat(negative.body()).contains("replicas must be 0 or more");
        assertThat(form("/workers/consumer/scale", "replicas=two").statusCode()).isEqualTo(400);
        assertThat(call("GET", "/workers", null, null, VIEWER, VIEWER_PASSWORD).statusCode()).isEqualTo(200);
    }
}
