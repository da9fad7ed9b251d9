package io.hammer.anvil;

import static org.springframework.web.util.HtmlUtils.htmlEscape;

import java.nio.file.Path;
import java.util.Collection;

/** The {@code /admin} page: the original sink's Total Requests and Total Errors, then Anvil's per-run figures. */
final class AdminPage {
    private AdminPage() {
    }

    static String render(OrderLedger.Totals totals, Collection<OrderLedger.RunFigures> runs, FaultInjector.Fault fault, Path journal) {
        StringBuilder html = new StringBuilder("""
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>Anvil admin</title>
                <meta http-equiv="refresh" content="2">
                <style>
                  body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; }
                  table { border-collapse: collapse; margin-bottom: 1.5rem; }
                  th, td { padding: .3rem .9rem; border-bottom: 1px solid #ddd; text-align: right; }
                  th:first-child, td:first-child { text-align: left; }
                  .fault { color: #b00; }
                </style></head><body>
                <h1>Anvil</h1>
                """);
        html.append("<table>");
        row(html, "Total Requests", totals.totalRequests());
        row(html, "Total Errors", totals.totalErrors());
        row(html, "FIX orders (in Total Requests)", totals.fixOrders());
        row(html, "Distinct orders", totals.distinct());
        row(html, "Duplicates", totals.duplicates());
        html.append("</table>\n");
        if (fault != null) {
            html.append("<p class=\"fault\">Fault injected: ").append(htmlEscape(fault.toString())).append("</p>\n");
        }
        html.append("<h2>Runs</h2>\n<table><tr><th>Run</th><th>Distinct orders</th><th>Duplicates</th></tr>\n");
        for (OrderLedger.RunFigures run : runs) {
            html.append("<tr><td>").append(htmlEscape(run.runId())).append("</td><td>").append(run.distinct())
                    .append("</td><td>").append(run.duplicates()).append("</td></tr>\n");
        }
        html.append("</table>\n<p>Journal: <code>").append(htmlEscape(journal.toString())).append("</code></p>\n");
        return html.append("</body></html>\n").toString();
    }

    private static void row(StringBuilder html, String label, long value) {
        html.append("<tr><th>").append(label).append("</th><td>").append(value).append("</td></tr>");
    }
}
