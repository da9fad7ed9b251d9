package io.hammer.engine.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hammer.engine.HammerProperties;
import io.hammer.engine.account.LatencyHistograms;
import io.hammer.engine.account.LatencyTimeline;
import io.hammer.engine.account.RunSummaries;
import io.hammer.engine.pace.RateProfile;
import io.hammer.engine.run.InvalidRunException;
import io.hammer.engine.run.RunSpec;
import io.hammer.engine.run.RunStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Builds run reports from Redis, and keeps the reports of ended runs as files: {reports-dir}/{run}.json,
 * .html and .hlog (its latency per second as an HdrHistogram interval log).
 */
@Component
public class RunReports {
    private static final Logger log = LoggerFactory.getLogger(RunReports.class);
    private static final double[] PERCENTILES = {0, 50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99, 99.999, 100};

    private final RunStore store;
    private final RunSummaries summaries;
    private final LatencyHistograms latencies;
    private final LatencyTimeline timeline;
    private final ObjectMapper json;
    private final Path dir;

    public RunReports(RunStore store, RunSummaries summaries, LatencyHistograms latencies, LatencyTimeline timeline,
                      ObjectMapper json, HammerProperties properties) {
        this.timeline = timeline;
        this.store = store;
        this.summaries = summaries;
        this.latencies = latencies;
        this.json = json;
        this.dir = properties.runs().reportsDir();
    }

    public RunReport build(String runId) {
        Map<String, String> run = store.runHash(runId);
        if (run.isEmpty()) {
            throw new InvalidRunException(404, "unknown run " + runId);
        }
        RunSpec spec = store.spec(runId).orElseThrow(() -> new InvalidRunException(404, "run " + runId + " has no spec"));
        List<RunStore.Control> controls = store.controls(runId);
        NavigableMap<Long, LatencyTimeline.Figures> seconds = timeline.merged(runId);
        Long origin = store.scheduleOrigin(runId);
        return new RunReport(runId, instant(run.get("startedAt")), instant(run.get("finishedAt")), summaries.current(runId, run),
                spec, controls, rate(seconds, origin, spec, controls), latency(latencies.merged(runId)),
                seconds(seconds, origin, spec));
    }

    /** The run's latency per second of sending as an HdrHistogram interval log (.hlog). */
    public byte[] latencyLog(String runId) {
        if (store.runHash(runId).isEmpty()) {
            throw new InvalidRunException(404, "unknown run " + runId);
        }
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        timeline.writeLog(runId, log);
        return log.toByteArray();
    }

    public String html(String runId) throws JsonProcessingException {
        return HtmlReport.render(build(runId), json);
    }

    /** Writes the run's JSON and HTML reports; a failure is logged, the run stays ended either way. */
    public void write(String runId) {
        try {
            RunReport report = build(runId);
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(runId + ".json"), json.writerWithDefaultPrettyPrinter().writeValueAsString(report));
            Files.writeString(dir.resolve(runId + ".html"), HtmlReport.render(report, json), StandardCharsets.UTF_8);
            Files.write(dir.resolve(runId + ".hlog"), latencyLog(runId));
        } catch (IOException | RuntimeException e) {
            log.warn("Could not write the reports of run {} to {}: {}", runId, dir.toAbsolutePath(), e.toString());
        }
    }

    /** Orders sent to the target in each second, beside the rate the profile asked for then. */
    private static List<RunReport.Window> rate(NavigableMap<Long, LatencyTimeline.Figures> seconds, Long origin, RunSpec spec,
                                               List<RunStore.Control> controls) {
        List<RunReport.Window> windows = new ArrayList<>();
        if (origin == null) {
            return windows;
        }
        RateProfile profile = spec.rate() == null ? null : RateProfile.of(spec.rate(), controls);
        for (LatencyTimeline.Figures second : seconds.values()) {
            RunReport.Window window = RunReport.Window.of(second, origin, profile);
            // A sliver of a second at the origin says nothing about the rate.
            if (window.seconds() >= 0.2) {
                windows.add(window);
            }
        }
        return windows;
    }

    private static List<RunReport.Second> seconds(NavigableMap<Long, LatencyTimeline.Figures> seconds, Long origin, RunSpec spec) {
        if (origin == null) {
            return List.of();
        }
        long warmupMillis = spec.warmupDuration().toMillis();
        return seconds.values().stream().map(second -> RunReport.Second.of(second, origin, warmupMillis)).toList();
    }

    private static List<RunReport.Point> latency(Histogram micros) {
        List<RunReport.Point> points = new ArrayList<>();
        if (micros.getTotalCount() > 0) {
            for (double percentile : PERCENTILES) {
                points.add(new RunReport.Point(percentile, micros.getValueAtPercentile(percentile) / 1000.0));
            }
        }
        return points;
    }

    private static String instant(String epochMillis) {
        return epochMillis == null ? null : Instant.ofEpochMilli(Long.parseLong(epochMillis)).toString();
    }
}
