package io.hammer.console.runs;

import io.hammer.engine.account.LatencyHistograms;
import io.hammer.engine.account.LatencyTimeline;
import io.hammer.engine.account.RunSummary;
import io.hammer.engine.api.RunService;
import io.hammer.engine.pace.RateProfile;
import io.hammer.engine.report.RunReport;
import io.hammer.engine.run.RunSpec;
import io.hammer.engine.run.RunState;
import io.hammer.engine.run.RunStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * A run's figures as the console shows them: its accounting (live or final), how far it got, the
 * rate asked and achieved, and its last seconds of sending, from the engine's own beans.
 */
@Component
public class LiveFigures {
    /** Seconds of sending each live event carries: the browser keeps the run's seconds by their epoch second. */
    private static final long RECENT_SECONDS = 10;
    /**
     * The rate is shown for the second that ended this long ago: its orders' outcomes (by which they are
     * counted) and the pods' publishing (every pace refresh) have had time to come in.
     */
    private static final long RATE_LAG_SECONDS = 2;

    private final RunService runs;
    private final RunStore store;
    private final LatencyTimeline timeline;
    private final LatencyHistograms histograms;
    private final Clock clock;

    public LiveFigures(RunService runs, RunStore store, LatencyTimeline timeline, LatencyHistograms histograms, Clock clock) {
        this.runs = runs;
        this.store = store;
        this.timeline = timeline;
        this.histograms = histograms;
        this.clock = clock;
    }

    /**
     * @param progress fraction of the run's orders with an outcome (0..1)
     * @param asked    orders per second the rate profile asks now; null for an unpaced or ended run
     * @param achieved orders per second sent to the target in a recent second (live runs), or consumed over the whole run (ended ones)
     * @param window   that recent second of sending, for the rate chart; null before there is one
     * @param recent   the last seconds of sending with their latency percentiles and errors, for the latency-over-time chart
     * @param active   whether the run is still going (its figures still move)
     */
    public record Figures(RunSummary summary, double progress, Double asked, Double achieved, RunReport.Window window,
                          List<RunReport.Second> recent, boolean active) {
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
        Optional<RunSpec> spec = store.spec(runId);
        RateProfile profile = spec.map(RunSpec::rate).map(rate -> RateProfile.of(rate, store.controls(runId))).orElse(null);
        RunReport.Window window = null;
        Double achieved = null;
        List<RunReport.Second> recent = List.of();
        if (origin != null && active) {
            long now = clock.millis() / 1000;
            NavigableMap<Long, LatencyTimeline.Figures> seconds = timeline.merged(runId, histograms.workers(runId), now - RECENT_SECONDS, now);
            long warmupMillis = spec.map(RunSpec::warmupDuration).orElse(Duration.ZERO).toMillis();
            recent = seconds.values().stream().map(second -> RunReport.Second.of(second, origin, warmupMillis)).toList();
            Map.Entry<Long, LatencyTimeline.Figures> settled = seconds.floorEntry(now - RATE_LAG_SECONDS);
            window = settled == null ? null : RunReport.Window.of(settled.getValue(), origin, profile);
            achieved = window == null ? null : window.achieved();
        } else if (origin != null) {
            List<RunStore.Sample> samples = store.timeline(runId);
            RunStore.Sample last = samples.isEmpty() ? null : samples.get(samples.size() - 1);
            if (last != null && last.atMillis() > origin) {
                achieved = last.consumed() / ((last.atMillis() - origin) / 1000.0);
            }
        }
        Double asked = null;
        if (profile != null && active && state != RunState.PAUSED) {
            asked = profile.rateAt(origin == null ? 0 : Math.max(0, (clock.millis() - origin) / 1000.0));
        }
        return new Figures(summary, progress, asked, achieved, window, recent, active);
    }
}
