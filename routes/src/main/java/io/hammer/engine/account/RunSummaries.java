package io.hammer.engine.account;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hammer.engine.pace.RateProfile;
import io.hammer.engine.pace.Workers;
import io.hammer.engine.run.RunKeys;
import io.hammer.engine.run.RunSpec;
import io.hammer.engine.run.Slo;
import io.hammer.engine.run.RunState;
import io.hammer.engine.run.RunStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Builds a run's summary from its counters and bitmaps in Redis and, for Anvil, the sink's own count. */
@Component
public class RunSummaries {
    private static final String DEAD_LETTERED_PREFIX = "deadLettered:";
    /** Stats fields of ExecutionReports received over FIX, one per kind: {@code fixReports:fill}. */
    public static final String FIX_REPORTS_PREFIX = "fixReports:";
    /** Run hash field: why the run was aborted, when an objective breached while it went. */
    public static final String ABORT_REASON = "abortReason";
    private final RunStore store;
    private final SinkStats sink;
    private final LatencyHistograms latencies;
    private final ObjectMapper json;
    private final double sendDelayThresholdMs;
    private final Workers workers;

    public RunSummaries(RunStore store, SinkStats sink, LatencyHistograms latencies, ObjectMapper json, Workers workers,
                        @Value("${hammer.verdict.send-delay-p99-threshold:1ms}") Duration sendDelayThreshold) {
        this.store = store;
        this.workers = workers;
        this.json = json;
        this.sink = sink;
        this.latencies = latencies;
        this.sendDelayThresholdMs = sendDelayThreshold.toNanos() / 1e6;
    }

    /**
     * The summary stored when the run ended, or else its live figures. A stored summary takes the
     * FIX ExecutionReport counts as they are now: the target goes on reporting (fills, cancels, and
     * counts published up to a second late) after the run's delivery accounting is closed.
     */
    public RunSummary current(String runId, Map<String, String> run) {
        if (run.containsKey("summary")) {
            try {
                RunSummary stored = json.readValue(run.get("summary"), RunSummary.class);
                return stored.withFixReports(fixReports(store.stats(runId)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("run " + runId + " has an unreadable summary", e);
            }
        }
        return summarise(runId, run.getOrDefault("state", RunState.LOADING.name()));
    }

    public RunSummary summarise(String runId, String state) {
        Map<String, Long> stats = store.stats(runId);
        Map<String, Long> byReason = new HashMap<>();
        stats.forEach((field, n) -> {
            if (field.startsWith(DEAD_LETTERED_PREFIX)) {
                byReason.put(field.substring(DEAD_LETTERED_PREFIX.length()), n);
            }
        });
        Map<String, Long> fixReports = fixReports(stats);
        long generated = get(stats, "generated");
        long produced = get(stats, "produced");
        long producerFailed = get(stats, "producerFailed");
        long consumed = get(stats, "consumed");
        long delivered = get(stats, "delivered");
        long deadLettered = get(stats, "deadLettered");
        long consumedDistinct = store.bitCount(RunKeys.seen(runId));
        long deliveredDistinct = store.bitCount(RunKeys.delivered(runId));
        Optional<JsonNode> sinkRun = sink.forRun(runId);
        Long sinkDistinct = sinkRun.map(node -> node.path("distinct").asLong()).orElse(null);
        Long sinkDuplicates = sinkRun.map(node -> node.path("duplicates").asLong()).orElse(null);
        // An aborted run's orders that no producer took; a chunk being published at the abort still counts as produced.
        long abandoned = RunState.ABORTED.name().equals(state) ? Math.max(0, generated - produced - producerFailed) : 0;
        List<String> problems = RunSummary.check(generated, produced, producerFailed, abandoned, consumed, consumedDistinct,
                delivered, deliveredDistinct, deadLettered, sinkDistinct);
        LatencyHistograms.Merged histograms = latencies.all(runId);
        LatencySummary latency = LatencySummary.of(histograms.get(Measure.LATENCY, false));
        LatencySummary sendDelay = LatencySummary.of(histograms.get(Measure.SEND_DELAY, false));
        Optional<RunSpec> spec = store.spec(runId);
        Duration warmupLength = spec.map(RunSpec::warmupDuration).orElse(Duration.ZERO);
        Warmup warmup = warmupLength.isZero() ? null : new Warmup(warmupLength.toMillis() / 1000.0,
                LatencySummary.of(histograms.get(Measure.LATENCY, true)), LatencySummary.of(histograms.get(Measure.SERVICE_TIME, true)),
                LatencySummary.of(histograms.get(Measure.SEND_DELAY, true)));
        Boolean generatorBound = sendDelay.count() == 0 ? null : sendDelay.p99() > sendDelayThresholdMs;
        Double rateRatio = spec.map(RunSpec::rate).isPresent() ? rateRatio(runId, spec.get(), consumed, stats) : null;
        long lost = Math.max(0, produced - consumedDistinct)
                + (sinkDistinct == null ? 0 : Math.max(0, deliveredDistinct - sinkDistinct));
        double errorRatio = generated == 0 ? 0 : (double) (deadLettered + producerFailed) / generated;
        List<Slo.Result> slo = spec.map(RunSpec::slo).map(objectives -> objectives.verdicts(p99(latency), p999(latency),
                errorRatio, rateRatio, lost)).orElse(List.of());
        return new RunSummary(runId, state, generated, produced, producerFailed, get(stats, "producerErrors"), abandoned, consumed,
                consumedDistinct, delivered, deliveredDistinct, deadLettered, byReason, get(stats, "duplicates"),
                get(stats, "consumerErrors"), get(stats, "submitted"), sinkDistinct, sinkDuplicates,
                latency, LatencySummary.of(histograms.get(Measure.SERVICE_TIME, false)), sendDelay, warmup, generatorBound,
                sendDelayThresholdMs, rateRatio, slo, problems, fixReports, store.runHash(runId).get(ABORT_REASON), unknownOutcomes(runId));
    }

    /**
     * Orders sent by consumers that are gone (crashed, killed) before their outcomes were recorded:
     * read and sent again by the group, so the target may hold up to this many copies Hammer never saw.
     */
    private long unknownOutcomes(String runId) {
        var live = workers.live().keySet();
        return store.unrecorded(runId).entrySet().stream().filter(e -> !live.contains(e.getKey()))
                .mapToLong(e -> Math.max(0, e.getValue())).sum();
    }

    /**
     * The objectives that can be judged while the run goes, on its figures so far: latency percentiles
     * and the error ratio over the outcomes recorded. Empty until {@code slo.minSample} outcomes are in.
     */
    public List<Slo.Result> liveVerdicts(String runId, Slo slo) {
        Map<String, Long> stats = store.stats(runId);
        long consumed = get(stats, "consumed");
        if (consumed < slo.sample()) {
            return List.of();
        }
        long producerFailed = get(stats, "producerFailed");
        double errorRatio = (double) (get(stats, "deadLettered") + producerFailed) / (consumed + producerFailed);
        LatencySummary latency = LatencySummary.of(latencies.merged(runId));
        return slo.liveVerdicts(p99(latency), p999(latency), errorRatio);
    }

    private static Double p99(LatencySummary latency) {
        return latency.count() == 0 ? null : latency.p99();
    }

    private static Double p999(LatencySummary latency) {
        return latency.count() == 0 ? null : latency.p999();
    }

    /** ExecutionReports received over FIX by kind, from the run's figures; null for a run without FIX. */
    private static Map<String, Long> fixReports(Map<String, Long> stats) {
        Map<String, Long> reports = new TreeMap<>();
        stats.forEach((field, n) -> {
            if (field.startsWith(FIX_REPORTS_PREFIX)) {
                reports.put(field.substring(FIX_REPORTS_PREFIX.length()), n);
            }
        });
        return reports.isEmpty() ? null : reports;
    }

    /**
     * Orders consumed over orders due (by the run's profile, pauses and changes included) by the
     * time of its last outcome: 1 when the run kept its rate; below 1 when it fell behind. The last
     * order's own latency counts against it, which weighs on short runs.
     */
    private Double rateRatio(String runId, RunSpec spec, long consumed, Map<String, Long> stats) {
        Long origin = store.scheduleOrigin(runId);
        Long lastOutcomeAt = stats.get("lastOutcomeAt");
        if (origin == null || lastOutcomeAt == null || consumed == 0) {
            return null;
        }
        double seconds = (lastOutcomeAt - origin) / 1000.0;
        double due = RateProfile.of(spec.rate(), store.controls(runId)).cumulative(seconds);
        return due <= 0 ? null : Math.min(1.0, consumed / due);
    }

    private static long get(Map<String, Long> stats, String field) {
        return stats.getOrDefault(field, 0L);
    }
}
