package io.hammer.engine.account;

import io.hammer.engine.run.RunSpec;
import io.hammer.engine.run.RunStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Measures an order once its outcome is known: its latency from the intended send time, the
 * target's service time from when it was really sent, and Hammer's send delay between the two; into
 * the run's histograms (apart for its warm-up), its per-second timeline and Prometheus.
 */
@Component
public class OrderTimings {
    /** A run without a warm-up, or whose schedule has not started: every order counts. */
    private static final long NO_WARMUP = Long.MIN_VALUE;

    private final LatencyHistograms histograms;
    private final LatencyTimeline timeline;
    private final Metrics metrics;
    private final RunStore store;
    private final Clock clock;
    /** Per run: the intended send time (epoch nanos) before which an order belongs to the warm-up (a few bytes a run). */
    private final Map<String, Long> warmupEnds = new ConcurrentHashMap<>();

    public OrderTimings(LatencyHistograms histograms, LatencyTimeline timeline, Metrics metrics, RunStore store, Clock clock) {
        this.histograms = histograms;
        this.timeline = timeline;
        this.metrics = metrics;
        this.store = store;
        this.clock = clock;
    }

    /**
     * @param intendedNanos when the order was due (epoch nanos)
     * @param sentNanos     when it was first sent to the target, null when it never was (invalid, aborted)
     */
    public void record(String run, long intendedNanos, Long sentNanos, boolean deadLettered) {
        long done = epochNanos(clock);
        long latency = done - intendedNanos;
        boolean warmup = intendedNanos < warmupEnd(run);
        histograms.record(run, Measure.LATENCY, warmup, latency);
        metrics.timing(run, Measure.LATENCY, Duration.ofNanos(latency));
        if (sentNanos != null) {
            long service = done - sentNanos;
            long sendDelay = sentNanos - intendedNanos;
            histograms.record(run, Measure.SERVICE_TIME, warmup, service);
            histograms.record(run, Measure.SEND_DELAY, warmup, sendDelay);
            metrics.timing(run, Measure.SERVICE_TIME, Duration.ofNanos(service));
            metrics.timing(run, Measure.SEND_DELAY, Duration.ofNanos(Math.max(0, sendDelay)));
        }
        timeline.record(run, sentNanos == null ? done : sentNanos, latency, sentNanos != null, deadLettered);
    }

    private long warmupEnd(String run) {
        Long end = warmupEnds.get(run);
        if (end == null) {
            Duration warmup = store.spec(run).map(RunSpec::warmupDuration).orElse(Duration.ZERO);
            Long origin = warmup.isZero() ? null : store.scheduleOrigin(run);
            end = origin == null ? NO_WARMUP : origin * 1_000_000L + warmup.toNanos();
            if (origin != null || warmup.isZero()) {
                warmupEnds.put(run, end); // fixed from now on; a run not started yet is looked up again
            }
        }
        return end;
    }

    public static long epochNanos(Clock clock) {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
