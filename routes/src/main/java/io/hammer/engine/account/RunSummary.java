package io.hammer.engine.account;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import io.hammer.engine.run.Slo;

/**
 * The exact account of a run: what was generated, produced, consumed, delivered and dead-lettered,
 * what the sink received, and which of the accounting identities do not hold.
 *
 * @param abandoned        orders of an aborted run never produced
 * @param consumedDistinct orders (by sequence number) that reached an outcome at least once
 * @param duplicates       outcomes beyond the first for the same order (re-sent chunk, consumer restart)
 * @param sinkDistinct     distinct order ids the sink (Anvil) accepted, null for other targets
 * @param latency          from each order's intended send time to its outcome, merged over every pod (after the warm-up)
 * @param serviceTime      the target's part of it: from the moment the order was really sent to its outcome
 * @param sendDelay        Hammer's part of it: from the intended send time to the moment the order was really sent
 * @param warmup           the same three over the run's warm-up, kept out of the objectives; null without a warm-up
 * @param generatorBound   Hammer's send delay p99 was above {@code sendDelayThresholdMs}: the latency says more about
 *                         Hammer than about the target; null when no order was sent
 * @param rateRatio        a paced run's orders consumed / orders due by its last outcome (1 = kept its rate); null if unpaced
 * @param slo              the verdict on each objective of the run's spec
 * @param fixReports       ExecutionReports received over FIX by kind (new, fill, canceled, ...); null without FIX
 * @param abortReason      why the run was aborted while it went (an objective breached, {@code slo.abortOnFail}); null otherwise
 */
public record RunSummary(
        String runId,
        String state,
        long generated,
        long produced,
        long producerFailed,
        long producerErrors,
        long abandoned,
        long consumed,
        long consumedDistinct,
        long delivered,
        long deliveredDistinct,
        long deadLettered,
        Map<String, Long> deadLetteredByReason,
        long duplicates,
        long consumerErrors,
        long submitted,
        Long sinkDistinct,
        Long sinkDuplicates,
        LatencySummary latency,
        LatencySummary serviceTime,
        LatencySummary sendDelay,
        Warmup warmup,
        Boolean generatorBound,
        Double sendDelayThresholdMs,
        Double rateRatio,
        List<Slo.Result> slo,
        List<String> problems,
        Map<String, Long> fixReports,
        String abortReason,
        long unknownOutcomes) {

    /** The same summary with these FIX ExecutionReport counts. */
    public RunSummary withFixReports(Map<String, Long> reports) {
        return new RunSummary(runId, state, generated, produced, producerFailed, producerErrors, abandoned, consumed,
                consumedDistinct, delivered, deliveredDistinct, deadLettered, deadLetteredByReason, duplicates, consumerErrors,
                submitted, sinkDistinct, sinkDuplicates, latency, serviceTime, sendDelay, warmup, generatorBound,
                sendDelayThresholdMs, rateRatio, slo, problems, reports, abortReason, unknownOutcomes);
    }

    static List<String> check(long generated, long produced, long producerFailed, long abandoned, long consumed, long consumedDistinct,
                              long delivered, long deliveredDistinct, long deadLettered, Long sinkDistinct) {
        List<String> problems = new ArrayList<>();
        if (generated != produced + producerFailed + abandoned) {
            problems.add("generated (" + generated + ") != produced (" + produced + ") + producer-failed ("
                    + producerFailed + ")" + (abandoned > 0 ? " + abandoned (" + abandoned + ")" : ""));
        }
        if (consumed != delivered + deadLettered) {
            problems.add("consumed (" + consumed + ") != delivered (" + delivered + ") + dead-lettered ("
                    + deadLettered + ")");
        }
        if (consumedDistinct < produced) {
            problems.add((produced - consumedDistinct) + " produced orders have no outcome (lost or still in flight)");
        }
        if (sinkDistinct != null && sinkDistinct != deliveredDistinct) {
            problems.add("the sink holds " + sinkDistinct + " distinct orders but " + deliveredDistinct
                    + " were delivered");
        }
        return problems;
    }

    public boolean balanced() {
        return problems.isEmpty();
    }

    /** True when no objective failed (objectives that cannot apply do not count). */
    public boolean sloPassed() {
        return slo.stream().noneMatch(result -> Boolean.FALSE.equals(result.passed()));
    }

    /** The summary as a person reads it at the end of a run. */
    public String toText() {
        StringBuilder text = new StringBuilder();
        text.append("Run ").append(runId).append(" (").append(state).append(")\n");
        if (abortReason != null) {
            text.append("  aborted: ").append(abortReason).append('\n');
        }
        line(text, "generated", generated);
        line(text, "produced", produced);
        line(text, "producer-failed", producerFailed);
        line(text, "producer errors", producerErrors);
        if (abandoned > 0) {
            line(text, "abandoned (aborted)", abandoned);
        }
        line(text, "consumed", consumed);
        line(text, "delivered", delivered);
        line(text, "dead-lettered", deadLettered);
        new TreeMap<>(deadLetteredByReason).forEach((reason, n) -> line(text, "  " + reason, n));
        line(text, "duplicates", duplicates);
        line(text, "consumer errors", consumerErrors);
        line(text, "requests to target", submitted);
        if (sinkDistinct != null) {
            line(text, "sink distinct", sinkDistinct);
            long atSink = sinkDuplicates == null ? 0 : sinkDuplicates;
            line(text, "sink duplicates", atSink);
            if (atSink != duplicates) {
                // The copies Hammer did not count were sent by consumers that died before recording them.
                text.append(String.format("  sink duplicates = run duplicates %,d + %,d sent before a crash (bound %,d)%n",
                        duplicates, atSink - duplicates, unknownOutcomes));
            }
        } else if (unknownOutcomes > 0) {
            text.append(String.format("  up to %,d orders may have reached the target twice (sent by consumers that "
                    + "stopped before recording their outcomes; not in the duplicates above)%n", unknownOutcomes));
        }
        if (fixReports != null) {
            fixReports.forEach((kind, n) -> line(text, "FIX ER " + kind, n));
        }
        if (warmup != null) {
            text.append(String.format("  warm-up, first %ss, kept out of the objectives:%n", LatencySummary.number(warmup.seconds())));
            percentiles(text, "  latency (ms)", warmup.latency());
            percentiles(text, "  service time (ms)", warmup.serviceTime());
            percentiles(text, "  send delay (ms)", warmup.sendDelay());
            if (latency != null && latency.count() > 0) {
                text.append("  after the warm-up:\n");
            }
        }
        percentiles(text, "latency (ms)", latency);
        percentiles(text, "service time (ms)", serviceTime);
        percentiles(text, "send delay (ms)", sendDelay);
        if (Boolean.TRUE.equals(generatorBound)) {
            text.append(String.format("  GENERATOR-BOUND: Hammer's send delay p99 %.2f ms is above %s ms; the latency measures Hammer, "
                    + "not only the target%n", sendDelay.p99(), LatencySummary.number(sendDelayThresholdMs)));
        }
        if (rateRatio != null) {
            text.append(String.format("  rate achieved / asked   %.4f%n", rateRatio));
        }
        for (Slo.Result result : slo) {
            text.append(String.format("  SLO %-19s %s  (limit %s, actual %s)%n", result.objective(),
                    result.passed() == null ? "n/a " : result.passed() ? "PASS" : "FAIL", result.limit(),
                    result.actual() == null ? "-" : String.format("%.4f", result.actual())));
        }
        if (problems.isEmpty()) {
            text.append("Accounting holds: generated = produced + producer-failed, consumed = delivered + dead-lettered")
                    .append(sinkDistinct != null ? ", sink distinct = delivered" : "").append('\n');
        } else {
            problems.forEach(problem -> text.append("ACCOUNTING DOES NOT HOLD: ").append(problem).append('\n'));
        }
        return text.toString();
    }

    private static void percentiles(StringBuilder text, String label, LatencySummary figures) {
        if (figures != null && figures.count() > 0) {
            text.append(String.format("  %-20s p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  p99.99 %.2f  max %.2f%n", label,
                    figures.p50(), figures.p90(), figures.p99(), figures.p999(), figures.p9999(), figures.max()));
        }
    }

    private static void line(StringBuilder text, String label, long value) {
        text.append(String.format("  %-20s %,14d%n", label, value));
    }
}
