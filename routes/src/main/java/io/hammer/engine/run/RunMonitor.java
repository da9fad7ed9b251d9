package io.hammer.engine.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hammer.engine.HammerProperties;
import io.hammer.engine.account.RunSummaries;
import io.hammer.engine.account.RunSummary;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Ends runs: a run is done when its producers have finished, every produced order has an outcome,
 * and its figures have not moved for {@code hammer.runs.settle} (late duplicates get counted).
 * The summary is then stored with the run and logged.
 */
@Component("runMonitor")
public class RunMonitor {
    private static final Logger log = LoggerFactory.getLogger(RunMonitor.class);

    private final RunStore store;
    private final RunSummaries summaries;
    private final ObjectMapper json;
    private final Clock clock;
    private final long settleMillis;
    private final Map<String, Snapshot> lastSeen = new ConcurrentHashMap<>();

    public RunMonitor(RunStore store, RunSummaries summaries, ObjectMapper json, Clock clock, HammerProperties properties) {
        this.store = store;
        this.summaries = summaries;
        this.json = json;
        this.clock = clock;
        this.settleMillis = properties.runs().settle().toMillis();
    }

    public void check() {
        for (String runId : store.runIds()) {
            Map<String, String> run = store.runHash(runId);
            if (RunState.RUNNING.name().equals(run.get("state")) && run.containsKey("producedAt")) {
                checkRun(runId);
            } else {
                lastSeen.remove(runId);
            }
        }
    }

    private void checkRun(String runId) {
        RunSummary summary = summaries.summarise(runId, RunState.RUNNING.name());
        if (summary.consumedDistinct() < summary.produced()) {
            lastSeen.remove(runId);
            return;
        }
        long now = clock.millis();
        Snapshot snapshot = new Snapshot(summary.consumed(), summary.sinkDistinct(), now);
        Snapshot previous = lastSeen.putIfAbsent(runId, snapshot);
        if (previous == null) {
            return;
        }
        if (!previous.sameFigures(snapshot)) {
            lastSeen.put(runId, snapshot);
        } else if (now - previous.since() >= settleMillis) {
            finish(runId);
        }
    }

    private void finish(String runId) {
        RunSummary summary = summaries.summarise(runId, RunState.DONE.name());
        try {
            store.putField(runId, "summary", json.writeValueAsString(summary));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        store.putField(runId, "finishedAt", Long.toString(clock.millis()));
        store.setState(runId, RunState.DONE);
        lastSeen.remove(runId);
        log.info("Run {} done\n{}", runId, summary.toText());
    }

    private record Snapshot(long consumed, Long sinkDistinct, long since) {
        boolean sameFigures(Snapshot other) {
            return consumed == other.consumed && java.util.Objects.equals(sinkDistinct, other.sinkDistinct);
        }
    }
}
