package io.hammer.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hammer.engine.account.RunSummary;
import io.hammer.engine.pace.RateSegment;
import io.hammer.engine.run.RunSpec;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Runs with a rate: paced at the consumer, latency from the intended send time, rate changed live, catch-up bounded. */
class PacedRunTest extends PipelineTestSupport {
    @Autowired
    CamelContext camel;

    @AfterEach
    void clearFault() throws Exception {
        anvil("DELETE", "/admin/fault", null);
    }

    @Test
    void aPacedRunIsNeverFasterThanAskedAndItsLatencyIncludesTheTargetsDelay() throws Exception {
        anvil("PUT", "/admin/fault", "{\"delayMs\":50,\"count\":-1}");
        String runId = "paced-" + System.nanoTime();
        runs.start(new RunSpec(runId, 1_500, 5L, null, List.of(RateSegment.constant(500, null))));
        RunSummary summary = awaitDone(runId);

        assertThat(summary.problems()).isEmpty();
        assertThat(summary.delivered()).isEqualTo(1_500);
        assertThat(summary.latency().count()).isEqualTo(1_500);
        // Every request waited 50 ms at the target: measured from the intended time, no order is faster.
        assertThat(summary.latency().p50()).isGreaterThanOrEqualTo(50);
        assertThat(summary.latency().max()).isGreaterThanOrEqualTo(summary.latency().p99());
        // 1,500 orders at 500 a second: the last one is not due before 2.998 s after the start.
        Map<String, String> run = store.runHash(runId);
        long elapsed = Long.parseLong(run.get("finishedAt")) - Long.parseLong(run.get("startedAt"));
        assertThat(elapsed).isGreaterThanOrEqualTo(2_998);
    }

    @Test
    void afterAStallThePacerCatchesUpAtMostTwiceTheAskedRate() throws Exception {
        String runId = "catch-up-" + System.nanoTime();
        runs.start(new RunSpec(runId, 5_000, 7L, null, List.of(RateSegment.constant(500, null))));
        await().atMost(Duration.ofSeconds(60)).until(() -> runs.summary(runId).delivered() >= 1_000);
        // A stall, as a broker restart would cause: no order goes out for 3 s, 1,500 fall behind schedule.
        camel.getRouteController().stopRoute("consume", 5, TimeUnit.SECONDS);
        Thread.sleep(3_000);
        camel.getRouteController().startRoute("consume");

        // Delivered counts every 100 ms until the run is done: the most delivered in any second.
        List<long[]> samples = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            RunSummary now = runs.summary(runId);
            samples.add(new long[] {System.nanoTime(), now.delivered()});
            return now.delivered() >= 5_000;
        });
        long busiestSecond = 0;
        for (long[] from : samples) {
            for (long[] to : samples) {
                if (to[0] > from[0] && to[0] - from[0] <= 1_000_000_000L) {
                    busiestSecond = Math.max(busiestSecond, to[1] - from[1]);
                }
            }
        }
        RunSummary summary = awaitDone(runId);
        assertThat(summary.problems()).isEmpty();
        assertThat(summary.deliveredDistinct()).isEqualTo(5_000);
        // Faster than asked while behind, but not more than 2 x 500: a quarter more for the 100 ms steps in
        // which outcomes are recorded and sampled. Unbounded, the 1,500 overdue orders would go in well under a second.
        assertThat(busiestSecond).isGreaterThan(600).isLessThanOrEqualTo(1_250);
        // Latency counts from the intended time: the stall is in it.
        assertThat(summary.latency().max()).isGreaterThan(2_500);
    }

    @Test
    void aLiveRateChangeReachesThePacerAndTheRunFinishesAtTheNewRate() throws Exception {
        String runId = "rate-change-" + System.nanoTime();
        // At 100 a second this run would take five minutes, longer than the test waits for it.
        runs.start(new RunSpec(runId, 30_000, 6L, null, List.of(RateSegment.constant(100, null))));
        awaitGauge(runId, 100);

        HttpResponse<String> changed = api("PUT", "/api/runs/" + runId + "/rate", "{\"perSecond\": 5000}");
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(changed.body()).contains("\"kind\":\"rate\"").contains("\"value\":5000.0");
        awaitGauge(runId, 5_000);

        RunSummary summary = awaitDone(runId);
        assertThat(summary.problems()).isEmpty();
        assertThat(summary.delivered()).isEqualTo(30_000);
        assertThat(store.controls(runId)).singleElement().satisfies(change -> {
            assertThat(change.kind()).isEqualTo("rate");
            assertThat(change.value()).isEqualTo(5_000);
        });
    }

    @Test
    void rateChangesAreRefusedWithAClearReasonWhenTheyCannotApply() throws Exception {
        assertThat(api("PUT", "/api/runs/no-such-run/rate", "{\"perSecond\": 10}").statusCode()).isEqualTo(404);
        String unpaced = "unpaced-" + System.nanoTime();
        runToEnd(unpaced, 10);
        HttpResponse<String> done = api("PUT", "/api/runs/" + unpaced + "/rate", "{\"perSecond\": 10}");
        assertThat(done.statusCode()).isEqualTo(409);
        assertThat(done.body()).contains("DONE");
        HttpResponse<String> zero = api("PUT", "/api/runs/" + unpaced + "/rate", "{\"perSecond\": 0}");
        assertThat(zero.statusCode()).isEqualTo(400);
        assertThat(api("PUT", "/api/runs/" + unpaced + "/rate", "{}").statusCode()).isEqualTo(400);
        HttpResponse<String> badSpec = api("POST", "/api/runs",
                "{\"runId\":\"bad-rate\",\"orders\":10,\"rate\":[{\"type\":\"ramp\",\"from\":100,\"to\":0,\"seconds\":5}]}");
        assertThat(badSpec.statusCode()).isEqualTo(400);
        assertThat(badSpec.body()).contains("the last rate segment must end above 0");
    }

    /** Waits until this pod's Prometheus gauge of the run's asked rate reads {@code perSecond}. */
    private void awaitGauge(String runId, double perSecond) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        double asked = -1;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
            asked = prometheus(scrape.body(), "hammer_rate_asked", runId, Map.of());
            if (asked == perSecond) {
                return;
            }
            Thread.sleep(100);
        }
        assertThat(asked).as("asked rate of %s", runId).isEqualTo(perSecond);
    }
}
