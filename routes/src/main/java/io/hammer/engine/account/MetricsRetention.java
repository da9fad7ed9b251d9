package io.hammer.engine.account;

import io.hammer.engine.run.RunState;
import io.hammer.engine.run.RunStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Drops this pod's Prometheus series of runs that finished more than {@code hammer.metrics.finished-run-grace}
 * ago (or were deleted): without it every run ever made stays in every scrape. The grace leaves
 * Prometheus time to scrape a run's final figures. Called by the {@code metrics-retention} route on every pod.
 */
@Component("metricsRetention")
public class MetricsRetention {
    private static final Logger log = LoggerFactory.getLogger(MetricsRetention.class);

    private final Metrics metrics;
    private final RunStore store;
    private final Clock clock;
    private final Duration grace;

    public MetricsRetention(Metrics metrics, RunStore store, Clock clock,
                            @Value("${hammer.metrics.finished-run-grace:10m}") Duration grace) {
        this.metrics = metrics;
        this.store = store;
        this.clock = clock;
        this.grace = grace;
    }

    public void sweep() {
        for (String run : metrics.runs()) {
            Map<String, String> hash = store.runHash(run);
            if (hash.isEmpty() || finishedLongAgo(hash)) {
                metrics.forget(run);
                log.debug("Dropped the metrics of run {}", run);
            }
        }
    }

    private boolean finishedLongAgo(Map<String, String> run) {
        RunState state = RunState.of(run.get("state"));
        String finishedAt = run.getOrDefault("finishedAt", run.get("abortedAt"));
        return (state == RunState.DONE || state == RunState.ABORTED) && finishedAt != null
                && clock.millis() - Long.parseLong(finishedAt) >= grace.toMillis();
    }
}
