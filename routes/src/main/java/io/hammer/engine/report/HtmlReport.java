package io.hammer.engine.report;

import static org.springframework.web.util.HtmlUtils.htmlEscape;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hammer.engine.account.LatencySummary;
import io.hammer.engine.account.RunSummary;
import io.hammer.engine.run.Slo;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/** A run's report as one self-contained HTML page: tables, and charts drawn as inline SVG (no script, no download). */
final class HtmlReport {
    private static final int WIDTH = 760;
    private static final int HEIGHT = 260;
    private static final int PAD = 48;

    private HtmlReport() {
    }

    static String render(RunReport report, ObjectMapper json) throws JsonProcessingException {
        RunSummary s = report.summary();
        StringBuilder html = new StringBuilder("""
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>Hammer run %s</title>
                <style>
                  body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 860px; color: #222; }
                  h1 { margin-bottom: .2rem; } .meta { color: #666; margin-top: 0; }
                  table { border-collapse: collapse; margin: .5rem 0 1.5rem; }
                  th, td { padding: .25rem .8rem; border-bottom: 1px solid #ddd; text-align: right; }
                  th:first-child, td:first-child { text-align: left; }
                  .pass { color: #1a7f37; font-weight: 600; } .fail { color: #c00; font-weight: 600; }
                  svg { background: #fafafa; border: 1px solid #eee; } pre { background: #f4f4f4; padding: 1rem; overflow: auto; }
                  .legend span { display: inline-block; margin-right: 1.2rem; } .asked { color: #888; } .achieved { color: #1f6feb; }
                  .p50 { color: #1f6feb; } .p90 { color: #2da44e; } .p99 { color: #d97706; } .pmax { color: #c00; } .warm { color: #aaa; }
                </style></head><body>
                """.formatted(htmlEscape(report.runId())));
        html.append("<h1>Run ").append(htmlEscape(report.runId())).append("</h1>\n<p class=\"meta\">")
                .append(htmlEscape(s.state())).append(" &middot; started ").append(text(report.startedAt()))
                .append(" &middot; finished ").append(text(report.finishedAt())).append("</p>\n");
        verdict(html, s);
        accounting(html, s);
        slo(html, s.slo());
        whoIsSlow(html, s);
        rateChart(html, report.rate());
        latencyOverTime(html, report.runId(), report.seconds());
        errorsOverTime(html, report.seconds());
        latencyChart(html, report.latency());
        html.append("<h2>Spec</h2>\n<pre>").append(htmlEscape(json.writerWithDefaultPrettyPrinter()
                .writeValueAsString(report.spec()))).append("</pre>\n");
        if (!report.controls().isEmpty()) {
            html.append("<h2>Controls</h2>\n<table><tr><th>kind</th><th>at (s)</th><th>value</th></tr>\n");
            report.controls().forEach(c -> html.append(row(c.kind(), fmt(c.at()), fmt(c.value()))));
            html.append("</table>\n");
        }
        return html.append("</body></html>\n").toString();
    }

    private static void verdict(StringBuilder html, RunSummary s) {
        if ("ABORTED".equals(s.state())) {
            html.append("<p class=\"fail\">Aborted: ")
                    .append(htmlEscape(s.abortReason() == null ? "stopped before its end" : s.abortReason())).append("</p>\n");
            return;
        }
        boolean ok = s.balanced() && s.sloPassed();
        html.append("<p class=\"").append(ok ? "pass" : "fail").append("\">")
                .append(ok ? "Passed: the accounting holds" + (s.slo().isEmpty() ? "" : " and every objective is met")
                        : "Failed: " + (s.balanced() ? "an objective was missed" : String.join("; ", s.problems())))
                .append("</p>\n");
        if (Boolean.TRUE.equals(s.generatorBound())) {
            html.append("<p class=\"fail\" id=\"generator-bound\">Generator-bound: Hammer's own send delay p99 (")
                    .append(fmt(s.sendDelay().p99())).append(" ms) is above ").append(fmt(s.sendDelayThresholdMs()))
                    .append(" ms, so the latency says more about Hammer than about the target.</p>\n");
        }
    }

    /** Latency split into Hammer's send delay and the target's service time, after and during the warm-up. */
    private static void whoIsSlow(StringBuilder html, RunSummary s) {
        if (s.latency() == null) {
            return;
        }
        html.append("<h2>Who is slow</h2>\n<p>Latency runs from each order's intended send time to its outcome; it is Hammer's "
                + "send delay (intended to really sent) plus the target's service time (really sent to the outcome).</p>\n")
                .append("<table id=\"who-is-slow\"><tr><th>ms</th><th>count</th><th>p50</th><th>p90</th><th>p99</th>"
                        + "<th>p99.9</th><th>max</th></tr>\n");
        percentiles(html, "latency", s.latency());
        percentiles(html, "service time (target)", s.serviceTime());
        percentiles(html, "send delay (Hammer)", s.sendDelay());
        if (s.warmup() != null) {
            String warm = "warm-up (first " + fmt(s.warmup().seconds()) + " s): ";
            percentiles(html, warm + "latency", s.warmup().latency());
            percentiles(html, warm + "service time", s.warmup().serviceTime());
            percentiles(html, warm + "send delay", s.warmup().sendDelay());
        }
        html.append("</table>\n");
        if (s.warmup() != null) {
            html.append("<p class=\"warm\">The warm-up is kept out of the latency objectives.</p>\n");
        }
    }

    private static void percentiles(StringBuilder html, String label, LatencySummary l) {
        if (l != null) {
            html.append(row(label, l.count(), fmt(l.p50()), fmt(l.p90()), fmt(l.p99()), fmt(l.p999()), fmt(l.max())));
        }
    }

    /** p50, p90, p99 and max of each second of sending, as bands on a logarithmic axis (a stall and a 0.1 ms p50 both show). */
    private static void latencyOverTime(StringBuilder html, String runId, List<RunReport.Second> seconds) {
        html.append("<h2>Latency over time (ms, by second of sending)</h2>\n");
        List<RunReport.Second> shown = seconds.stream().filter(second -> second.outcomes() > 0).toList();
        if (shown.isEmpty()) {
            html.append("<p>No latency recorded.</p>\n");
            return;
        }
        double minX = Math.min(0, shown.get(0).atSeconds());
        double maxX = shown.get(shown.size() - 1).atSeconds() + 1;
        double maxY = shown.stream().mapToDouble(RunReport.Second::max).max().orElse(1);
        double minY = Math.max(0.001, shown.stream().mapToDouble(RunReport.Second::p50).min().orElse(0.001));
        Chart chart = Chart.logarithmic(minX, maxX, minY, maxY, "seconds", "ms");
        chart.open(html);
        chart.band(html, shown, RunReport.Second::atSeconds, RunReport.Second::p99, RunReport.Second::max, "#c00");
        chart.band(html, shown, RunReport.Second::atSeconds, RunReport.Second::p90, RunReport.Second::p99, "#d97706");
        chart.band(html, shown, RunReport.Second::atSeconds, RunReport.Second::p50, RunReport.Second::p90, "#2da44e");
        chart.line(html, shown, RunReport.Second::atSeconds, RunReport.Second::p50, "#1f6feb", null);
        html.append("</svg>\n<p class=\"legend\"><span class=\"p50\">&#9632; p50</span><span class=\"p90\">&#9632; p50-p90</span>")
                .append("<span class=\"p99\">&#9632; p90-p99</span><span class=\"pmax\">&#9632; p99-max</span></p>\n")
                .append("<p>Every second's histogram: <code>GET /api/runs/").append(htmlEscape(runId))
                .append("/latency.hlog</code>, an HdrHistogram interval log (HistogramLogProcessor reads it), also written ")
                .append("next to this report as <code>").append(htmlEscape(runId)).append(".hlog</code>.</p>\n");
    }

    private static void errorsOverTime(StringBuilder html, List<RunReport.Second> seconds) {
        html.append("<h2>Errors over time (dead-lettered orders, by second of sending)</h2>\n");
        if (seconds.stream().allMatch(second -> second.deadLettered() == 0)) {
            html.append("<p>No order dead-lettered.</p>\n");
            return;
        }
        double minX = Math.min(0, seconds.get(0).atSeconds());
        double maxY = seconds.stream().mapToLong(RunReport.Second::deadLettered).max().orElse(1);
        Chart chart = new Chart(minX, seconds.get(seconds.size() - 1).atSeconds() + 1, 0, maxY, false, "seconds", "orders");
        chart.open(html);
        chart.line(html, seconds, RunReport.Second::atSeconds, RunReport.Second::deadLettered, "#c00", null);
        html.append("</svg>\n");
    }

    private static void accounting(StringBuilder html, RunSummary s) {
        html.append("<h2>Accounting</h2>\n<table>\n");
        html.append(row("generated", s.generated())).append(row("produced", s.produced()))
                .append(row("producer-failed", s.producerFailed())).append(row("abandoned (aborted)", s.abandoned()))
                .append(row("consumed", s.consumed())).append(row("delivered", s.delivered()))
                .append(row("dead-lettered", s.deadLettered()));
        new TreeMap<>(s.deadLetteredByReason()).forEach((reason, n) -> html.append(row("&nbsp;&nbsp;" + htmlEscape(reason), n)));
        html.append(row("duplicates", s.duplicates())).append(row("consumer errors", s.consumerErrors()))
                .append(row("requests to target", s.submitted()));
        if (s.sinkDistinct() != null) {
            html.append(row("sink distinct", s.sinkDistinct()));
        }
        if (s.latency() != null && s.latency().count() > 0) {
            html.append(row("latency p50 / p99 / p99.9 / max (ms)", fmt(s.latency().p50()) + " / " + fmt(s.latency().p99())
                    + " / " + fmt(s.latency().p999()) + " / " + fmt(s.latency().max())));
        }
        if (s.rateRatio() != null) {
            html.append(row("rate achieved / asked", String.format(Locale.ROOT, "%.4f", s.rateRatio())));
        }
        if (s.fixReports() != null) {
            s.fixReports().forEach((kind, n) -> html.append(row("FIX ExecutionReports: " + htmlEscape(kind), n)));
        }
        html.append("</table>\n");
    }

    private static void slo(StringBuilder html, List<Slo.Result> results) {
        if (results.isEmpty()) {
            return;
        }
        html.append("<h2>Objectives</h2>\n<table><tr><th>objective</th><th>limit</th><th>actual</th><th>verdict</th></tr>\n");
        for (Slo.Result r : results) {
            String verdict = r.passed() == null ? "n/a" : r.passed() ? "<span class=\"pass\">PASS</span>" : "<span class=\"fail\">FAIL</span>";
            html.append(row(r.objective(), fmt(r.limit()), r.actual() == null ? "-" : fmt(r.actual()), verdict));
        }
        html.append("</table>\n");
    }

    private static void rateChart(StringBuilder html, List<RunReport.Window> windows) {
        html.append("<h2>Rate (orders/s)</h2>\n");
        if (windows.isEmpty()) {
            html.append("<p>Too short a run for a rate chart.</p>\n");
            return;
        }
        double maxX = windows.get(windows.size() - 1).toSeconds();
        double maxY = windows.stream().mapToDouble(w -> Math.max(w.achieved(), w.asked() == null ? 0 : w.asked())).max().orElse(1);
        Chart chart = new Chart(maxX, maxY, "seconds", "orders/s");
        chart.open(html);
        if (windows.stream().allMatch(w -> w.asked() != null)) {
            chart.line(html, windows, RunReport.Window::toSeconds, RunReport.Window::asked, "#888", "6 4");
        }
        chart.line(html, windows, RunReport.Window::toSeconds, RunReport.Window::achieved, "#1f6feb", null);
        html.append("</svg>\n<p class=\"legend\"><span class=\"achieved\">&#9632; achieved</span>")
                .append(windows.get(0).asked() != null ? "<span class=\"asked\">&#9632; asked</span>" : "").append("</p>\n");
    }

    /** Latency against percentile on a "nines" axis: 90%, 99%, 99.9% ... evenly spaced, as HdrHistogram plots do. */
    private static void latencyChart(StringBuilder html, List<RunReport.Point> points) {
        html.append("<h2>Latency by percentile (ms)</h2>\n");
        if (points.isEmpty()) {
            html.append("<p>No latency recorded.</p>\n");
            return;
        }
        List<RunReport.Point> shown = points.stream().filter(p -> p.percentile() < 100).toList();
        double maxY = shown.stream().mapToDouble(RunReport.Point::ms).max().orElse(1);
        Chart chart = new Chart(5, maxY, "percentile (nines)", "ms");
        chart.open(html);
        chart.line(html, shown, p -> nines(p.percentile()), RunReport.Point::ms, "#1f6feb", null);
        html.append("</svg>\n<table><tr><th>percentile</th><th>ms</th></tr>\n");
        points.forEach(p -> html.append(row(fmt(p.percentile()), fmt(p.ms()))));
        html.append("</table>\n");
    }

    private static double nines(double percentile) {
        return Math.min(5, -Math.log10(1 - percentile / 100));
    }

    /** Axes and a frame; plots polylines and bands in data coordinates, on a linear or a logarithmic y axis. */
    private record Chart(double minX, double maxX, double minY, double maxY, boolean log, String xLabel, String yLabel) {
        Chart(double maxX, double maxY, String xLabel, String yLabel) {
            this(0, maxX, 0, maxY, false, xLabel, yLabel);
        }

        Chart {
            maxX = maxX > minX ? maxX : minX + 1;
            maxY = maxY > minY ? (log ? maxY * 1.5 : maxY * 1.1) : minY + 1;
        }

        static Chart logarithmic(double minX, double maxX, double minY, double maxY, String xLabel, String yLabel) {
            // From the decade below the smallest value: each decade gets the same height.
            return new Chart(minX, maxX, Math.pow(10, Math.floor(Math.log10(minY))), maxY, true, xLabel, yLabel);
        }

        void open(StringBuilder html) {
            html.append(String.format(Locale.ROOT, "<svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">%n",
                    WIDTH, HEIGHT, WIDTH, HEIGHT));
            html.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#ccc\"/>%n",
                    PAD, 10, WIDTH - PAD - 10, HEIGHT - PAD - 10));
            for (double y : yTicks()) {
                html.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">%s</text>%n",
                        PAD - 4, py(y) + 3, fmt(y)));
            }
            for (int i = 0; i <= 4; i++) {
                double x = minX + (maxX - minX) * i / 4;
                html.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%s</text>%n",
                        px(x), HEIGHT - PAD + 14, fmt(x)));
            }
            html.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s</text>%n",
                    WIDTH / 2, HEIGHT - 8, xLabel));
            html.append(String.format(Locale.ROOT, "<text x=\"12\" y=\"%d\" font-size=\"11\" transform=\"rotate(-90 12 %d)\" text-anchor=\"middle\">%s</text>%n",
                    HEIGHT / 2, HEIGHT / 2, yLabel));
        }

        private List<Double> yTicks() {
            List<Double> ticks = new java.util.ArrayList<>();
            if (log) {
                for (double decade = minY; decade <= maxY; decade *= 10) {
                    ticks.add(decade);
                }
            } else {
                for (int i = 0; i <= 4; i++) {
                    ticks.add(minY + (maxY - minY) * i / 4);
                }
            }
            return ticks;
        }

        <T> void line(StringBuilder html, List<T> data, ToDoubleFunction<T> x, ToDoubleFunction<T> y, String colour, String dash) {
            StringBuilder points = new StringBuilder();
            for (T item : data) {
                points.append(point(x.applyAsDouble(item), y.applyAsDouble(item)));
            }
            html.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"2\"")
                    .append(dash == null ? "" : " stroke-dasharray=\"" + dash + "\"")
                    .append(" points=\"").append(points.toString().trim()).append("\"/>\n");
        }

        /** The area between two curves, e.g. p90 and p99 of each second. */
        <T> void band(StringBuilder html, List<T> data, ToDoubleFunction<T> x, ToDoubleFunction<T> lower, ToDoubleFunction<T> upper,
                      String colour) {
            StringBuilder points = new StringBuilder();
            data.forEach(item -> points.append(point(x.applyAsDouble(item), upper.applyAsDouble(item))));
            for (int i = data.size() - 1; i >= 0; i--) {
                points.append(point(x.applyAsDouble(data.get(i)), lower.applyAsDouble(data.get(i))));
            }
            html.append("<polygon fill=\"").append(colour).append("\" fill-opacity=\"0.3\" stroke=\"none\" points=\"")
                    .append(points.toString().trim()).append("\"/>\n");
        }

        private String point(double x, double y) {
            return String.format(Locale.ROOT, "%.1f,%.1f ", px(x), py(y));
        }

        private double px(double x) {
            return PAD + (WIDTH - PAD - 10) * (x - minX) / (maxX - minX);
        }

        private double py(double y) {
            double share = log ? (Math.log10(Math.max(y, minY)) - Math.log10(minY)) / (Math.log10(maxY) - Math.log10(minY))
                    : (y - minY) / (maxY - minY);
            return 10 + (HEIGHT - PAD - 10) * (1 - share);
        }
    }

    private static String row(String label, Object... values) {
        StringBuilder row = new StringBuilder("<tr><th>").append(label).append("</th>");
        for (Object value : values) {
            row.append("<td>").append(value instanceof Long n ? String.format(Locale.ROOT, "%,d", n) : value).append("</td>");
        }
        return row.append("</tr>\n").toString();
    }

    private static String fmt(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e12
                ? String.format(Locale.ROOT, "%,d", (long) value) : String.format(Locale.ROOT, "%.3f", value);
    }

    private static String text(String value) {
        return value == null ? "-" : htmlEscape(value);
    }
}
