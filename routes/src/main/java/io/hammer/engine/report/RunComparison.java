package io.hammer.engine.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Two runs side by side, a base and a candidate: achieved rate, latency percentiles and error ratio,
 * with their deltas (absolute and %), and whether the candidate regressed. A run is read from its
 * report's JSON ({@code /api/runs/{id}/report}) or from its summary's ({@code /api/runs/{id}}, which
 * has no timeline, so no rate).
 *
 * @param regressed true when any judged figure is worse than the thresholds allow
 */
public record RunComparison(String base, String candidate, Thresholds thresholds, List<Row> figures, boolean regressed) {
    /** Latency percentiles judged against {@code maxRegressionPct}; p99.99 and max are shown only (a handful of orders). */
    private static final List<Percentile> LATENCY = List.of(new Percentile("p50", "p50", true), new Percentile("p90", "p90", true),
            new Percentile("p99", "p99", true), new Percentile("p99.9", "p999", true), new Percentile("p99.99", "p9999", false),
            new Percentile("max", "max", false));

    /** A latency figure: its label, its field in the summary's latency, whether it is judged. */
    private record Percentile(String label, String field, boolean judged) {
    }

    /**
     * @param maxRegressionPct      a latency percentile may grow, and the rate fall, by at most this % of the base
     * @param maxErrorRatioIncrease the error ratio may grow by at most this (absolute: 0.001 = 0.1 percentage point)
     */
    public record Thresholds(double maxRegressionPct, double maxErrorRatioIncrease) {
        public static final Thresholds DEFAULT = new Thresholds(10, 0);
    }

    /**
     * One figure of both runs.
     *
     * @param better    "higher" or "lower": which way is an improvement
     * @param regressed null when the figure is not judged or missing from a run
     */
    public record Row(String figure, String unit, String better, Double base, Double candidate, Double delta, Double deltaPct,
                      Boolean regressed) {
    }

    public static RunComparison of(JsonNode base, JsonNode candidate, Thresholds thresholds) {
        List<Row> rows = new ArrayList<>();
        rows.add(judged("rate", "orders/s", false, rate(base), rate(candidate), thresholds.maxRegressionPct(), null));
        for (Percentile percentile : LATENCY) {
            Double before = latency(base, percentile.field());
            Double after = latency(candidate, percentile.field());
            rows.add(percentile.judged() ? judged(percentile.label(), "ms", true, before, after, thresholds.maxRegressionPct(), null)
                    : row(percentile.label(), "ms", "lower", before, after, null));
        }
        rows.add(judged("error ratio", "", true, errorRatio(base), errorRatio(candidate), null, thresholds.maxErrorRatioIncrease()));
        return new RunComparison(runId(base), runId(candidate), thresholds, rows,
                rows.stream().anyMatch(row -> Boolean.TRUE.equals(row.regressed())));
    }

    /** A figure judged by a relative limit (% of the base) or an absolute one. */
    private static Row judged(String figure, String unit, boolean lowerIsBetter, Double base, Double candidate, Double maxPct,
                              Double maxIncrease) {
        Boolean regressed = null;
        if (base != null && candidate != null) {
            double worse = lowerIsBetter ? candidate - base : base - candidate;
            regressed = maxIncrease != null ? worse > maxIncrease + 1e-12 : worse > Math.abs(base) * maxPct / 100 + 1e-12;
        }
        return row(figure, unit, lowerIsBetter ? "lower" : "higher", base, candidate, regressed);
    }

    private static Row row(String figure, String unit, String better, Double base, Double candidate, Boolean regressed) {
        Double delta = base == null || candidate == null ? null : candidate - base;
        Double pct = delta == null || base == 0 ? null : 100 * delta / base;
        return new Row(figure, unit, better, base, candidate, delta, pct, regressed);
    }

    /** The summary, whether the JSON is a report (which holds it) or a summary. */
    private static JsonNode summary(JsonNode run) {
        return run.has("summary") ? run.get("summary") : run;
    }

    private static String runId(JsonNode run) {
        return summary(run).path("runId").asText(null);
    }

    /** Orders with an outcome per second over the run's timeline; null without one (a summary's JSON). */
    private static Double rate(JsonNode run) {
        double orders = 0;
        double seconds = 0;
        for (JsonNode window : run.path("rate")) {
            double length = window.path("toSeconds").asDouble() - window.path("fromSeconds").asDouble();
            orders += window.path("achieved").asDouble() * length;
            seconds += length;
        }
        return seconds > 0 ? orders / seconds : null;
    }

    private static Double latency(JsonNode run, String field) {
        JsonNode latency = summary(run).path("latency");
        return latency.path("count").asLong() > 0 && latency.has(field) ? latency.get(field).asDouble() : null;
    }

    /** (dead-lettered + producer-failed) / generated, as the errorRatio objective has it. */
    private static Double errorRatio(JsonNode run) {
        JsonNode summary = summary(run);
        long generated = summary.path("generated").asLong();
        return generated == 0 ? null
                : (double) (summary.path("deadLettered").asLong() + summary.path("producerFailed").asLong()) / generated;
    }

    /** The comparison as a table, then the verdict. */
    public String toText() {
        StringBuilder text = new StringBuilder(String.format("%-12s %14s %14s %14s %9s%n", "", base, candidate, "delta", "delta %"));
        for (Row row : figures) {
            text.append(String.format("%-12s %14s %14s %14s %9s  %s%n", row.figure() + (row.unit().isEmpty() ? "" : " (" + row.unit() + ")"),
                    number(row.base()), number(row.candidate()), row.delta() == null ? "-" : String.format("%+.4f", row.delta()),
                    row.deltaPct() == null ? "-" : String.format("%+.1f%%", row.deltaPct()),
                    row.regressed() == null ? "" : row.regressed() ? "REGRESSED" : "ok"));
        }
        text.append(regressed ? "REGRESSED" : "NO REGRESSION").append(String.format(
                " (limits: latency percentiles and rate %.1f%% worse, error ratio +%s)%n", thresholds.maxRegressionPct(),
                thresholds.maxErrorRatioIncrease()));
        return text.toString();
    }

    private static String number(Double value) {
        return value == null ? "-" : String.format("%.4f", value);
    }
}
