package io.hammer.engine.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.hammer.engine.account.RunSummary;
import io.hammer.engine.report.RunReport;
import io.hammer.engine.report.RunReports;
import io.hammer.engine.run.InvalidRunException;
import io.hammer.engine.run.RunSpec;
import io.hammer.engine.run.RunStore;
import java.util.List;
import java.util.Map;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** REST API of runs: start one, list them, read one's accounting; change a paced run's rate, pause, resume or abort a run. */
@RestController
@RequestMapping("/api/runs")
public class RunController {
    private final RunService runs;
    private final RunReports reports;

    public RunController(RunService runs, RunReports reports) {
        this.runs = runs;
        this.reports = reports;
    }

    @PostMapping
    public ResponseEntity<RunSpec> start(@RequestBody RunSpec spec) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(runs.start(spec));
    }

    @GetMapping
    public List<RunService.RunInfo> list() {
        return runs.list();
    }

    @GetMapping("/{runId}")
    public RunSummary summary(@PathVariable String runId) {
        return runs.summary(runId);
    }

    /** {@code {"perSecond": 2000}}: the run's new rate, from now on. */
    @PutMapping("/{runId}/rate")
    public RunStore.Control changeRate(@PathVariable String runId, @RequestBody RateRequest rate) {
        if (rate == null || rate.perSecond() == null) {
            throw new InvalidRunException(400, "expected {\"perSecond\": <orders per second>}");
        }
        return runs.changeRate(runId, rate.perSecond());
    }

    public record RateRequest(Double perSecond) {
    }

    @PostMapping("/{runId}/pause")
    public ResponseEntity<Void> pause(@PathVariable String runId) {
        runs.pause(runId);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{runId}/resume")
    public ResponseEntity<Void> resume(@PathVariable String runId) {
        runs.resume(runId);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{runId}/abort")
    public ResponseEntity<Void> abort(@PathVariable String runId) {
        runs.abort(runId);
        return ResponseEntity.noContent().build();
    }

    /** The run's report: accounting, objectives, spec, rate asked and achieved over time, latency distribution. */
    @GetMapping("/{runId}/report")
    public RunReport report(@PathVariable String runId) {
        return reports.build(runId);
    }

    /** The same as one self-contained HTML page. */
    @GetMapping(path = "/{runId}/report.html", produces = MediaType.TEXT_HTML_VALUE)
    public String htmlReport(@PathVariable String runId) throws JsonProcessingException {
        return reports.html(runId);
    }

    /**
     * The run's latency per second of sending, merged over its pods, as an HdrHistogram interval log:
     * HistogramLogProcessor and HistogramLogAnalyzer read it.
     */
    @GetMapping(path = "/{runId}/latency.hlog", produces = MediaType.TEXT_PLAIN_VALUE)
    public ResponseEntity<byte[]> latencyLog(@PathVariable String runId) {
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(runId + ".hlog").build().toString())
                .contentType(MediaType.TEXT_PLAIN)
                .body(reports.latencyLog(runId));
    }

    @ExceptionHandler(InvalidRunException.class)
    ResponseEntity<Map<String, String>> invalid(InvalidRunException e) {
        return ResponseEntity.status(e.status()).body(Map.of("error", e.getMessage()));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, String>> unreadable(HttpMessageNotReadableException e) {
        return ResponseEntity.badRequest().body(Map.of("error", "unreadable run spec: " + e.getMostSpecificCause().getMessage()));
    }
}
