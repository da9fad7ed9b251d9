package io.hammer.engine.report;

import static org.springframework.web.util.HtmlUtils.htmlEscape;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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
                </style></head><body>
                """.formatted(htmlEscape(report.runId())));
        html.append("<h1>Run ").append(htmlEscape(report.runId())).append("</h1>\n<p class=\"meta\">")
                .append(htmlEscape(s.state())).append(" &middot; started ").append(text(report.startedAt()))
                .append(" &middot; finished ").append(text(report.finishedAt())).append("</p>\n");
        verdict(html, s);
        accounting(html, s);
        slo(html, s.slo());
        rateChart(html, report.rate());
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

    /** Axes with a 0 origin and a frame; plots polylines in data coordinates. */
    private record Chart(double maxX, double maxY, String xLabel, String yLabel) {
        Chart {
            maxX = maxX > 0 ? maxX : 1;
            maxY = maxY > 0 ? maxY * 1.1 : 1;
        }

        void open(StringBuilder html) {
            html.append(String.format(Locale.ROOT, "<svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">%n",
                    WIDTH, HEIGHT, WIDTH, HEIGHT));
            html.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#ccc\"/>%n",
                    PAD, 10, WIDTH - PAD - 10, HEIGHT - PAD - 10));
            for (int i = 0; i <= 4; i++) {
                double y = maxY * i / 4;
                html.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">%s</text>%n",
                        PAD - 4, py(y) + 3, fmt(y)));
                double x = maxX * i / 4;
                html.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%s</text>%n",
                        px(x), HEIGHT - PAD + 14, fmt(x)));
            }
            html.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s</text>%n",
                    WIDTH / 2, HEIGHT - 8, xLabel));
            html.append(String.format(Locale.ROOT, "<text x=\"12\" y=\"%d\" font-size=\"11\" transform=\"rotate(-90 12 %d)\" text-anchor=\"middle\">%s</text>%n",
                    HEIGHT / 2, HEIGHT / 2, yLabel));
        }

        <T> void line(StringBuilder html, List<T> data, ToDoubleFunction<T> x, ToDoubleFunction<T> y, String colour, String dash) {
            StringBuilder points = new StringBuilder();
            for (T item : data) {
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px(x.applyAsDouble(item)), py(y.applyAsDouble(item))));
            }
            html.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"2\"")
                    .append(dash == null ? "" : " stroke-dasharray=\"" + dash + "\"")
                    .append(" points=\"").append(points.toString().trim()).append("\"/>\n");
        }

        private double px(double x) {
            return PAD + (WIDTH - PAD - 10) * x / maxX;
        }

        private double py(double y) {
            return 10 + (HEIGHT - PAD - 10) * (1 - y / maxY);
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
