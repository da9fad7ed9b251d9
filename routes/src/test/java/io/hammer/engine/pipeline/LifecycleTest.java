package io.hammer.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hammer.engine.account.RunSummary;
import io.hammer.engine.pace.RateSegment;
import io.hammer.engine.run.RunSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pausing, resuming and aborting runs over the REST API: the target sees the pause, the accounting holds. */
class LifecycleTest extends PipelineTestSupport {

    @Test
    void aPausedRunSendsNothingUntilItIsResumedThenFinishesWhole() throws Exception {
        String runId = "pause-" + System.nanoTime();
        runs.start(new RunSpec(runId, 3_000, 8L, null, List.of(RateSegment.constant(300, null))));
        awaitDelivered(runId, 300);

        assertThat(api("POST", "/api/runs/" + runId + "/pause", null).statusCode()).isEqualTo(204);
        assertThat(runs.summary(runId).state()).isEqualTo("PAUSED");
        assertThat(api("POST", "/api/runs/" + runId + "/pause", null).statusCode()).isEqualTo(409);
        Thread.sleep(500); // every consumer sees the pause at its next refresh (250 ms)
        long before = anvilRun(runId).path("distinct").asLong();
        Thread.sleep(1_500);
        long after = anvilRun(runId).path("distinct").asLong();
        // At most the order each consumer thread already held for its slot reaches the target.
        assertThat(after - before).as("orders sent while paused").isLessThanOrEqualTo(2);
        assertThat(after).isLessThan(3_000);

        assertThat(api("POST", "/api/runs/" + runId + "/resume", null).statusCode()).isEqualTo(204);
        assertThat(api("POST", "/api/runs/" + runId + "/resume", null).statusCode()).isEqualTo(409);
        RunSummary summary = awaitDone(runId);
        assertThat(summary.problems()).isEmpty();
        assertThat(summary.delivered()).isEqualTo(3_000);
        assertThat(anvilRun(runId).path("distinct").asLong()).isEqualTo(3_000);
        assertThat(store.controls(runId)).singleElement().satisfies(pause -> {
            assertThat(pause.kind()).isEqualTo("pause");
            assertThat(pause.value() - pause.at()).isGreaterThanOrEqualTo(1.9);
        });
        // 3,000 orders at 300 a second take 10 s, and the pause adds to that.
        Map<String, String> run = store.runHash(runId);
        assertThat(Long.parseLong(run.get("finishedAt")) - Long.parseLong(run.get("startedAt"))).isGreaterThanOrEqualTo(11_900);
    }

    @Test
    void anAbortedRunDeadLettersWhatIsLeftAndAccountsForEveryOrder() throws Exception {
        String runId = "abort-" + System.nanoTime();
        runs.start(new RunSpec(runId, 50_000, 9L, null, List.of(RateSegment.constant(500, null))));
        awaitDelivered(runId, 200);

        assertThat(api("POST", "/api/runs/" + runId + "/abort", null).statusCode()).isEqualTo(204);
        assertThat(api("POST", "/api/runs/" + runId + "/abort", null).statusCode()).isEqualTo(409);
        assertThat(api("POST", "/api/runs/" + runId + "/resume", null).statusCode()).isEqualTo(409);
        long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
        while (!store.runHash(runId).containsKey("summary") && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        RunSummary summary = runs.summary(runId);
        assertThat(summary.state()).isEqualTo("ABORTED");
        assertThat(summary.problems()).isEmpty();
        assertThat(summary.delivered()).isBetween(200L, 49_000L);
        assertThat(summary.generated()).isEqualTo(summary.produced() + summary.producerFailed() + summary.abandoned());
        assertThat(summary.consumed()).isEqualTo(summary.delivered() + summary.deadLettered());
        assertThat(summary.consumedDistinct()).isEqualTo(summary.produced());
        assertThat(summary.deadLetteredByReason()).containsOnlyKeys("aborted");
        assertThat(anvilRun(runId).path("distinct").asLong()).isEqualTo(summary.deliveredDistinct());
    }

    @Test
    void lifecycleCallsOnUnknownRunsAreRefused() throws Exception {
        assertThat(api("POST", "/api/runs/no-such-run/pause", null).statusCode()).isEqualTo(404);
        assertThat(api("POST", "/api/runs/no-such-run/abort", null).statusCode()).isEqualTo(404);
    }

    private void awaitDelivered(String runId, long delivered) throws Exception {
        long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
        while (anvilRun(runId).path("distinct").asLong() < delivered && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }
}
