package io.hammer.engine.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hammer.engine.HammerProperties;
import io.hammer.engine.account.RunSummaries;
import io.hammer.engine.account.RunSummary;
import io.hammer.engine.report.RunReports;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Moves runs along: RUNNING to DRAINING once its producers have finished, DRAINING to DONE once
 * every produced order has an outcome and its figures have not moved for {@code hammer.runs.settle}
 * (late duplicates get counted). An aborted run is closed the same way. The summary is then stored
 * with the run and logged, and what is left of its chunks expires. A run whose objectives say
 * {@code abortOnFail} is judged each second while it goes, and aborted at the first breach, the
 * reason kept with it.
 * <p>
 * It also keeps the global set of active runs true to the runs' own state, which is the authority:
 * that set is written by separate commands after a run's own keys changed (one Redis Cluster slot
 * per run), so a lost step is repaired here.
 */
@Component("runMonitor")
public class RunMonitor {
    private static final Logger log = LoggerFactory.getLogger(RunMonitor.class);

    private final RunStore store;
    private final RunSummaries summaries;
    private final RunReports reports;
    private final ObjectMapper json;
    private final Clock clock;
    private final long settleMillis;
    private final Duration chunksTtl;
    private final Map<String, Snapshot> lastSeen = new ConcurrentHashMap<>();
    private final Map<String, Long> lastSample = new ConcurrentHashMap<>();
    private final Map<String, Long> lastJudged = new ConcurrentHashMap<>();

    public RunMonitor(RunStore store, RunSummaries summaries, RunReports reports, ObjectMapper json, Clock clock,
                      HammerProperties properties) {
        this.store = store;
        this.reports = reports;
        this.summaries = summaries;
        this.json = json;
        this.clock = clock;
        this.settleMillis = properties.runs().settle().toMillis();
        this.chunksTtl = properties.runs().finishedChunksTtl();
    }

    public void check() {
        // Active first: a run is indexed before it is activated, so an active id missing from the index was deleted.
        Set<String> active = store.activeRuns();
        List<String> runIds = store.runIds();
        Set<String> deleted = new HashSet<>(active);
        runIds.forEach(deleted::remove);
        deleted.forEach(store::deactivate);
        for (String runId : runIds) {
            Map<String, String> run = store.runHash(runId);
            RunState state = RunState.of(run.get("state"));
            if (state == null) {
                continue; // being created or deleted
            }
            keepActive(runId, run, state, active.contains(runId));
            sample(runId, state);
            judgeLive(runId, state);
            if (state == RunState.RUNNING && run.containsKey("producedAt")) {
                store.transition(runId, RunState.DRAINING, RunState.RUNNING);
                lastSeen.remove(runId);
            } else if (state == RunState.DRAINING || (state == RunState.ABORTED && !run.containsKey("summary"))) {
                checkRun(runId, state);
            } else {
                lastSeen.remove(runId);
            }
        }
    }

    /** A run is active while it has chunks to produce: running or paused, its producers not finished. */
    private void keepActive(String runId, Map<String, String> run, RunState state, boolean active) {
        boolean producing = (state == RunState.RUNNING || state == RunState.PAUSED) && !run.containsKey("producedAt");
        if (producing && !active) {
            store.activate(runId);
        } else if (!producing && active && state != RunState.LOADING) {
            store.deactivate(runId);
        }
    }

    /** One timeline sample a second while the run goes, for the report's rate chart. */
    private void sample(String runId, RunState state) {
        if (state != RunState.RUNNING && state != RunState.DRAINING && state != RunState.PAUSED) {
            lastSample.remove(runId);
            return;
        }
        long now = clock.millis();
        Long last = lastSample.get(runId);
        if (last == null || now - last >= 1_000) {
            lastSample.put(runId, now);
            store.addSample(runId, store.stats(runId).getOrDefault("consumed", 0L));
        }
    }

    /** Once a second while a run goes, when its objectives abort on failure: the first live breach aborts it. */
    private void judgeLive(String runId, RunState state) {
        if (state != RunState.RUNNING && state != RunState.DRAINING) {
            lastJudged.remove(runId);
            return;
        }
        long now = clock.millis();
        Long last = lastJudged.get(runId);
        if (last != null && now - last < 1_000) {
            return;
        }
        lastJudged.put(runId, now);
        Slo slo = store.spec(runId).map(RunSpec::slo).filter(Slo::abortsOnFail).orElse(null);
        if (slo == null) {
            return;
        }
        summaries.liveVerdicts(runId, slo).stream().filter(Slo.Result::failed).findFirst().ifPresent(breach -> {
            String reason = String.format("objective %s breached while running: %.4f against a limit of %s (slo.abortOnFail)",
                    breach.objective(), breach.actual(), breach.limit());
            if (store.abort(runId)) {
                store.putField(runId, RunSummaries.ABORT_REASON, reason);
                lastJudged.remove(runId);
                log.warn("Run {} aborted: {}", runId, reason);
            }
        });
    }

    /** A draining or aborted run ends once every produced order has an outcome and the figures stop moving. */
    private void checkRun(String runId, RunState state) {
        RunSummary summary = summaries.summarise(runId, state.name());
        if (summary.consumedDistinct() < summary.produced()) {
            lastSeen.remove(runId);
            return;
        }
        long now = clock.millis();
        Snapshot snapshot = new Snapshot(summary.produced(), summary.consumed(), summary.sinkDistinct(), now);
        Snapshot previous = lastSeen.putIfAbsent(runId, snapshot);
        if (previous == null) {
            return;
        }
        if (!previous.sameFigures(snapshot)) {
            lastSeen.put(runId, snapshot);
        } else if (now - previous.since() >= settleMillis) {
            finish(runId, state);
        }
    }

    private void finish(String runId, RunState state) {
        RunState end = state == RunState.ABORTED ? RunState.ABORTED : RunState.DONE;
        lastSeen.remove(runId);
        RunSummary summary = summaries.summarise(runId, end.name());
        String summaryJson;
        try {
            summaryJson = json.writeValueAsString(summary);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        Map<String, String> fields = Map.of("finishedAt", Long.toString(clock.millis()), "summary", summaryJson);
        if (!store.transition(runId, end, fields, state)) {
            return; // paused or aborted meanwhile: not finished after all
        }
        store.addSample(runId, summary.consumed());
        store.deactivate(runId);
        store.expireChunks(runId, chunksTtl);
        reports.write(runId);
        log.info("Run {} {}\n{}", runId, end == RunState.DONE ? "done" : "aborted", summary.toText());
    }

    private record Snapshot(long produced, long consumed, Long sinkDistinct, long since) {
        boolean sameFigures(Snapshot other) {
            return produced == other.produced && consumed == other.consumed
                    && java.util.Objects.equals(sinkDistinct, other.sinkDistinct);
        }
    }
}
