package io.hammer.engine.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hammer.engine.account.RunSummary;
import io.hammer.engine.report.RunComparison;
import io.hammer.engine.report.RunReport;
import io.hammer.engine.report.RunReports;
import io.hammer.engine.run.InvalidRunException;
import io.hammer.engine.run.InvalidSpecException;
import io.hammer.engine.run.RunSpec;
import io.hammer.engine.run.RunSpecSchema;
import io.hammer.engine.run.RunStore;
import java.util.LinkedHashMap;
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

/**
 * REST API of runs: start one, list them, read one's accounting, compare two; change a paced run's rate, pause, resume or
 * abort a run; delete ended runs.
 */
@RestController
@RequestMapping("/api/runs")
public class RunController {
    /** Reads specs and writes reports as trees, whatever the web layer's own JSON settings are. */
    private static final ObjectMapper SPEC_READER = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final RunService runs;
    private final RunReports reports;

    public RunController(RunService runs, RunReports reports) {
        this.runs = runs;
        this.reports = reports;
    }

    /**
     * Starts a run. The body is read here, not bound: the run spec's schema checks it as it came
     * (unknown keys, whole numbers), naming each problem's field.
     */
    @PostMapping
    public ResponseEntity<RunSpec> start(@RequestBody String spec) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(runs.start(RunSpecSchema.parse(spec, SPEC_READER)));
    }

    @GetMapping
    public List<RunService.RunInfo> list() {
        return runs.list();
    }

    /**
     * Two runs side by side: rate, latency percentiles, error ratio, deltas and the verdict.
     * {@code maxRegression} is in % of the base (latency percentiles and rate), {@code maxErrorRatioIncrease} absolute.
     */
    @GetMapping("/compare")
    public RunComparison compare(@RequestParam String base, @RequestParam String candidate,
                                 @RequestParam(required = false) Double maxRegression,
                                 @RequestParam(required = false) Double maxErrorRatioIncrease) {
        RunComparison.Thresholds defaults = RunComparison.Thresholds.DEFAULT;
        RunComparison.Thresholds thresholds = new RunComparison.Thresholds(
                maxRegression == null ? defaults.maxRegressionPct() : maxRegression,
                maxErrorRatioIncrease == null ? defaults.maxErrorRatioIncrease() : maxErrorRatioIncrease);
        if (!(thresholds.maxRegressionPct() >= 0) || !(thresholds.maxErrorRatioIncrease() >= 0)) {
            throw new InvalidRunException(400, "maxRegression and maxErrorRatioIncrease must be 0 or more");
        }
        return RunComparison.of(SPEC_READER.valueToTree(reports.build(base)), SPEC_READER.valueToTree(reports.build(candidate)),
                thresholds);
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

    /** {@code {"error": "..."}}; a refused spec adds its problems, each with its field, JSON pointer and suggestion. */
    @ExceptionHandler(InvalidRunException.class)
    ResponseEntity<Map<String, Object>> invalid(InvalidRunException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.getMessage());
        if (e instanceof InvalidSpecException spec) {
            body.put("problems", spec.problems());
        }
        return ResponseEntity.status(e.status()).body(body);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, String>> unreadable(HttpMessageNotReadableException e) {
        return ResponseEntity.badRequest().body(Map.of("error", "unreadable run spec: " + ErrorMessages.unreadable(e)));
    }
}
