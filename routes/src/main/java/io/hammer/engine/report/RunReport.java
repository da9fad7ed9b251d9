package io.hammer.engine.report;

import io.hammer.engine.account.LatencyTimeline;
import io.hammer.engine.account.RunSummary;
import io.hammer.engine.pace.RateProfile;
import io.hammer.engine.run.RunSpec;
import io.hammer.engine.run.RunStore;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Everything there is to say about a run once it ended: its accounting and SLO verdicts, its spec
 * and the controls applied to it, the rate asked and achieved over time, its latency distribution
 * over every pod, and its latency and errors second by second.
 *
 * @param rate    per second of sending: orders per second asked (null for an unpaced run) and sent to the target
 * @param latency latency in ms at each percentile, from the run's merged histogram
 * @param seconds the run second by second of sending: orders sent, dead-lettered, latency percentiles
 */
public record RunReport(String runId, String startedAt, String finishedAt, RunSummary summary, RunSpec spec,
                        List<RunStore.Control> controls, List<Window> rate, List<Point> latency, List<Second> seconds) {

    public record Window(double fromSeconds, double toSeconds, Double asked, double achieved) {
        /**
         * One second of sending as a window in seconds from the schedule's origin (clipped to it): orders
         * sent to the target per second, beside what the profile (null for an unpaced run) asked on average over it.
         */
        public static Window of(LatencyTimeline.Figures second, long originMillis, RateProfile profile) {
            double from = Math.max(0, (second.second() * 1000 - originMillis) / 1000.0);
            double to = (second.second() * 1000 + 1000 - originMillis) / 1000.0;
            double achieved = to > from ? second.sent() / (to - from) : 0;
            Double asked = profile == null || to <= from ? null : (profile.cumulative(to) - profile.cumulative(from)) / (to - from);
            return new Window(from, to, asked, achieved);
        }

        public double seconds() {
            return toSeconds - fromSeconds;
        }
    }

    public record Point(double percentile, double ms) {
    }

    /**
     * One second of sending.
     *
     * @param atSeconds    its start, in seconds from the schedule's origin
     * @param epochSecond  its start, in seconds since the epoch (as in the run's .hlog)
     * @param sent         orders sent to the target in it
     * @param deadLettered orders of it dead-lettered (errors)
     * @param outcomes     orders of it with an outcome (the latency's count)
     * @param warmup       whether it lies in the run's warm-up
     */
    public record Second(double atSeconds, long epochSecond, long sent, long deadLettered, long outcomes,
                         double p50, double p90, double p99, double max, boolean warmup) {
        public static Second of(LatencyTimeline.Figures figures, long originMillis, long warmupMillis) {
            Histogram micros = figures.latency();
            double at = (figures.second() * 1000 - originMillis) / 1000.0;
            return new Second(at, figures.second(), figures.sent(), figures.deadLettered(), micros.getTotalCount(),
                    micros.getValueAtPercentile(50) / 1000.0, micros.getValueAtPercentile(90) / 1000.0,
                    micros.getValueAtPercentile(99) / 1000.0, micros.getMaxValue() / 1000.0, at * 1000 < warmupMillis);
        }
    }
}
