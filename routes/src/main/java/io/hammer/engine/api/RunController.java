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
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** REST API of runs: start one, list them, read one's accounting; change a paced run's rate, pause, resume or abort a run; delete ended runs. */
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

    /** Deletes an ended run from Redis (operator only); 409 while it goes on. */
    @DeleteMapping("/{runId}")
    public ResponseEntity<Void> delete(@PathVariable String runId) {
        runs.delete(runId);
        return ResponseEntity.noContent().build();
    }

    /** Deletes the runs that ended more than {@code olderThan} ago ({@code 7d}, {@code 12h}, {@code P7D}). */
    @PostMapping("/prune")
    public Map<String, List<String>> prune(@RequestParam String olderThan) {
        java.time.Duration age;
        try {
            age = DurationStyle.detectAndParse(olderThan);
        } catch (IllegalArgumentException e) {
            throw new InvalidRunException(400, "olderThan must be a duration such as 7d, 12h, 30m or P7D, was '" + olderThan + "'");
        }
        if (age.isNegative()) {
            throw new InvalidRunException(400, "olderThan must not be negative, was '" + olderThan + "'");
        }
        return Map.of("deleted", runs.prune(age));
    }

    @ExceptionHandler(InvalidRunException.class)
    ResponseEntity<Map<String, String>> invalid(InvalidRunException e) {
        return ResponseEntity.status(e.status()).body(Map.of("error", e.getMessage()));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, String>> unreadable(HttpMessageNotReadableException e) {
        return ResponseEntity.badRequest().body(Map.of("error", "unreadable run spec: " + ErrorMessages.unreadable(e)));
    }
}
