package io.hammer.engine.report;

import io.hammer.engine.account.RunSummary;
import io.hammer.engine.pace.RateProfile;
import io.hammer.engine.run.RunSpec;
import io.hammer.engine.run.RunStore;
import java.util.List;

/**
 * Everything there is to say about a run once it ended: its accounting and SLO verdicts, its spec
 * and the controls applied to it, the rate asked and achieved over time, and its latency
 * distribution over every pod.
 *
 * @param rate    per timeline window: orders per second asked (null for an unpaced run) and achieved
 * @param latency latency in ms at each percentile, from the run's merged histogram
 */
public record RunReport(String runId, String startedAt, String finishedAt, RunSummary summary, RunSpec spec,
                        List<RunStore.Control> controls, List<Window> rate, List<Point> latency) {

    public record Window(double fromSeconds, double toSeconds, Double asked, double achieved) {
        /**
         * The window between two timeline samples, in seconds from the schedule's origin: orders consumed
         * per second, beside what the profile (null for an unpaced run) asked on average over it.
         */
        public static Window between(RunStore.Sample before, RunStore.Sample after, long originMillis, RateProfile profile) {
            double from = (before.atMillis() - originMillis) / 1000.0;
            double to = (after.atMillis() - originMillis) / 1000.0;
            double achieved = (after.consumed() - before.consumed()) / (to - from);
            Double asked = profile == null ? null : (profile.cumulative(to) - profile.cumulative(from)) / (to - from);
            return new Window(from, to, asked, achieved);
        }

        public double seconds() {
            return toSeconds - fromSeconds;
        }
    }

    public record Point(double percentile, double ms) {
    }
}
