package io.hammer.engine.run;

import java.util.ArrayList;
import java.util.List;

/**
 * What a run must achieve to pass, checked when it ends; any field may be left out. With
 * {@code abortOnFail}, the objectives that can be judged while the run goes (latency so far, error
 * ratio so far) are checked each second once {@code minSample} outcomes are in, and a breach aborts it.
 *
 * @param p99Ms       the 99th percentile of latency (from intended send time), at most this
 * @param p999Ms      the 99.9th percentile, at most this
 * @param errorRatio  (dead-lettered + producer-failed) / generated, at most this
 * @param rateRatio   for a paced run, orders delivered / orders due by the time the last one ended, at least this
 * @param lost        orders with no outcome, or delivered but missing at the sink, at most this
 * @param abortOnFail abort the run at the first live breach instead of judging it only at its end
 * @param minSample   outcomes before objectives are judged live (default {@value #DEFAULT_MIN_SAMPLE})
 */
public record Slo(Double p99Ms, Double p999Ms, Double errorRatio, Double rateRatio, Long lost, Boolean abortOnFail,
                  Long minSample) {
    public static final long DEFAULT_MIN_SAMPLE = 100;

    public Slo(Double p99Ms, Double p999Ms, Double errorRatio, Double rateRatio, Long lost) {
        this(p99Ms, p999Ms, errorRatio, rateRatio, lost, null, null);
    }

    /** One objective's verdict; {@code passed} is null when it cannot apply (a rate objective on an unpaced run). */
    public record Result(String objective, double limit, Double actual, Boolean passed) {
        public boolean failed() {
            return Boolean.FALSE.equals(passed);
        }
    }

    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (Double ms : new Double[] {p99Ms, p999Ms}) {
            if (ms != null && !(ms > 0)) {
                problems.add("slo latency limits must be above 0 ms");
            }
        }
        if (errorRatio != null && !(errorRatio >= 0 && errorRatio <= 1)) {
            problems.add("slo.errorRatio must be between 0 and 1");
        }
        if (rateRatio != null && !(rateRatio > 0 && rateRatio <= 1)) {
            problems.add("slo.rateRatio must be above 0 and at most 1");
        }
        if (lost != null && lost < 0) {
            problems.add("slo.lost must be 0 or more");
        }
        if (minSample != null && minSample < 1) {
            problems.add("slo.minSample must be 1 or more");
        }
        return problems;
    }

    public boolean abortsOnFail() {
        return Boolean.TRUE.equals(abortOnFail);
    }

    public long sample() {
        return minSample == null ? DEFAULT_MIN_SAMPLE : minSample;
    }

    /** The verdict on every objective at the end of a run; a null p99/p999 means no latency was measured. */
    public List<Result> verdicts(Double p99, Double p999, double errorRatio, Double rateRatio, long lost) {
        List<Result> results = new ArrayList<>(liveVerdicts(p99, p999, errorRatio));
        if (this.rateRatio != null) {
            results.add(new Result("rateRatio", this.rateRatio, rateRatio, rateRatio == null ? null : rateRatio >= this.rateRatio));
        }
        if (this.lost != null) {
            results.add(atMost("lost", this.lost, (double) lost));
        }
        return results;
    }

    /** The objectives that can be judged on the figures so far: latency percentiles and the error ratio. */
    public List<Result> liveVerdicts(Double p99, Double p999, double errorRatio) {
        List<Result> results = new ArrayList<>();
        if (p99Ms != null) {
            results.add(atMost("p99Ms", p99Ms, p99));
        }
        if (p999Ms != null) {
            results.add(atMost("p999Ms", p999Ms, p999));
        }
        if (this.errorRatio != null) {
            results.add(atMost("errorRatio", this.errorRatio, errorRatio));
        }
        return results;
    }

    private static Result atMost(String objective, double limit, Double actual) {
        return new Result(objective, limit, actual, actual == null ? null : actual <= limit);
    }
}
