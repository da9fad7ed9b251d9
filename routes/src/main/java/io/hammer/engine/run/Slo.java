package io.hammer.engine.run;

import java.util.ArrayList;
import java.util.List;

/**
 * What a run must achieve to pass, checked when it ends; any field may be left out.
 *
 * @param p99Ms     the 99th percentile of latency (from intended send time), at most this
 * @param p999Ms    the 99.9th percentile, at most this
 * @param errorRatio (dead-lettered + producer-failed) / generated, at most this
 * @param rateRatio for a paced run, orders delivered / orders due by the time the last one ended, at least this
 * @param lost      orders with no outcome, or delivered but missing at the sink, at most this
 */
public record Slo(Double p99Ms, Double p999Ms, Double errorRatio, Double rateRatio, Long lost) {

    /** One objective's verdict; {@code passed} is null when it cannot apply (a rate objective on an unpaced run). */
    public record Result(String objective, double limit, Double actual, Boolean passed) {
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
        return problems;
    }
}
