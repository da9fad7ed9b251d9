package io.hammer.console.runs;

import io.hammer.engine.account.RunSummary;
import io.hammer.engine.api.RunService;
import io.hammer.engine.pace.RateProfile;
import io.hammer.engine.report.RunReport;
import io.hammer.engine.run.RunSpec;
import io.hammer.engine.run.RunState;
import io.hammer.engine.run.RunStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * A run's figures as the console shows them: its accounting (live or final), how far it got, and the
 * rate asked and achieved, from the engine's own beans.
 */
@Component
public class LiveFigures {
    private final RunService runs;
    private final RunStore store;
    private final Clock clock;

    public LiveFigures(RunService runs, RunStore store, Clock clock) {
        this.runs = runs;
        this.store = store;
        this.clock = clock;
    }

    /**
     * @param progress fraction of the run's orders with an outcome (0..1)
     * @param asked    orders per second the rate profile asks now; null for an unpaced or ended run
     * @param achieved orders per second consumed over the last timeline window (live runs) or the whole run (ended ones)
     * @param window   the last timeline window, for the rate chart; null before the second sample
     * @param active   whether the run is still going (its figures still move)
     */
    public record Figures(RunSummary summary, double progress, Double asked, Double achieved, RunReport.Window window,
                          boolean active) {
        public long errors() {
            return summary.deadLettered() + summary.producerFailed();
        }
    }

    /** @throws io.hammer.engine.run.InvalidRunException 404 for an unknown run */
    public Figures of(String runId) {
        RunSummary summary = runs.summary(runId);
        Map<String, String> run = store.runHash(runId);
        RunState state = RunState.of(run.getOrDefault("state", RunState.LOADING.name()));
        boolean active = List.of(RunState.LOADING, RunState.RUNNING, RunState.PAUSED, RunState.DRAINING).contains(state);
        long orders = Long.parseLong(run.getOrDefault("orders", "0"));
        double progress = orders == 0 ? 0 : Math.min(1.0, (double) summary.consumedDistinct() / orders);
        Long origin = store.scheduleOrigin(runId);
        RateProfile profile = store.spec(runId).map(RunSpec::rate).map(rate -> RateProfile.of(rate, store.controls(runId)))
                .orElse(null);
        List<RunStore.Sample> samples = store.timeline(runId);
        RunReport.Window window = null;
        Double achieved = null;
        if (origin != null && samples.size() >= 2) {
            RunStore.Sample last = samples.get(samples.size() - 1);
            RunReport.Window latest = RunReport.Window.between(samples.get(samples.size() - 2), last, origin, profile);
            if (latest.seconds() > 0) {
                window = latest;
            }
            if (active) {
                achieved = window == null ? null : window.achieved();
            } else if (last.atMillis() > origin) {
                achieved = last.consumed() / ((last.atMillis() - origin) / 1000.0);
            }
        }
        Double asked = null;
        if (profile != null && active && state != RunState.PAUSED) {
            asked = profile.rateAt(origin == null ? 0 : Math.max(0, (clock.millis() - origin) / 1000.0));
        }
        return new Figures(summary, progress, asked, achieved, window, active);
    }
}
