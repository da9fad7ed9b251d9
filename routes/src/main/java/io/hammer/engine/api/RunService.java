package io.hammer.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hammer.engine.account.RunSummaries;
import io.hammer.engine.account.RunSummary;
import io.hammer.engine.generate.OrderSizeCheck;
import io.hammer.engine.pace.RateSegment;
import io.hammer.engine.run.InvalidRunException;
import io.hammer.engine.run.RunSpec;
import io.hammer.engine.run.RunSpecSchema;
import io.hammer.engine.run.RunState;
import io.hammer.engine.run.RunStore;
import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Service;

/** Starting runs and reading their figures: what the REST API, the demo and the console share. */
@Service
public class RunService {
    private final RunStore store;
    private final RunSummaries summaries;
    private final ProducerTemplate camel;
    private final ObjectMapper json;
    private final OrderSizeCheck orderSize;
    private final RunSpecSchema schema = new RunSpecSchema();
    private static final DateTimeFormatter RUN_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    public RunService(RunStore store, RunSummaries summaries, ProducerTemplate camel, ObjectMapper json, OrderSizeCheck orderSize) {
        this.store = store;
        this.summaries = summaries;
        this.camel = camel;
        this.json = json;
        this.orderSize = orderSize;
    }

    /** A spec as it comes in (REST, console): checked by the run spec's schema, then started. */
    public RunSpec start(JsonNode requested) {
        return start(schema.read(requested));
    }

    /**
     * Validates and registers the run, then generates its orders in the background. A spec without a
     * run id gets one: {@code run-<date>-<time>-<random>}.
     */
    public RunSpec start(RunSpec requested) {
        RunSpec spec = (requested.runId() == null ? requested.withRunId(newRunId()) : requested).withDefaults();
        List<String> problems = spec.problems();
        if (!problems.isEmpty()) {
            throw new InvalidRunException(400, String.join("; ", problems));
        }
        orderSize.check(spec);
        try {
            store.create(spec);
        } catch (InvalidRunException e) {
            if (e.status() == 409) {
                throw new InvalidRunException(409, e.getMessage() + ": give the new run another runId (hammer run --run-id NAME),"
                        + " or leave runId out to have one generated");
            }
            throw e;
        }
        camel.asyncSendBody("direct:generate", spec);
        return spec;
    }

    private static String newRunId() {
        return "run-" + RUN_ID_TIME.format(LocalDateTime.now(ZoneOffset.UTC)) + "-"
                + HexFormat.of().formatHex(new SecureRandom().generateSeed(2));
    }

    /** The schema specs are checked against, as served at /api/schema/run-spec. */
    public RunSpecSchema schema() {
        return schema;
    }

    /** The stored summary of a finished run, or the live figures of one still going. */
    public RunSummary summary(String runId) {
        Map<String, String> run = store.runHash(runId);
        if (run.isEmpty()) {
            throw new InvalidRunException(404, "unknown run " + runId);
        }
        return summaries.current(runId, run);
    }

    /**
     * Changes a paced run's rate from now on; every consumer pod applies it within one pace refresh.
     * A run without a rate in its spec goes as fast as it can and has no rate to change.
     */
    public RunStore.Control changeRate(String runId, double perSecond) {
        RunState state = stateOf(runId);
        if (!(perSecond > 0 && perSecond <= RateSegment.MAX_RATE)) {
            throw new InvalidRunException(400, "perSecond must be above 0 and at most " + (long) RateSegment.MAX_RATE);
        }
        require(runId, state, RunState.LOADING, RunState.RUNNING, RunState.PAUSED, RunState.DRAINING);
        if (store.spec(runId).map(RunSpec::rate).isEmpty()) {
            throw new InvalidRunException(409, "run " + runId + " is not paced (its spec has no rate): it runs as fast as it can");
        }
        return store.changeRate(runId, perSecond);
    }

    /** Holds a running run; {@link #resume} goes on from where it stopped. */
    public void pause(String runId) {
        require(runId, stateOf(runId), RunState.RUNNING, RunState.DRAINING);
        if (!store.pause(runId)) {
            throw new InvalidRunException(409, "run " + runId + " changed state meanwhile: " + stateOf(runId));
        }
    }

    public void resume(String runId) {
        require(runId, stateOf(runId), RunState.PAUSED);
        // Back to draining if the producers had finished before the pause.
        if (!store.resume(runId, store.runHash(runId).containsKey("producedAt") ? RunState.DRAINING : RunState.RUNNING)) {
            throw new InvalidRunException(409, "run " + runId + " changed state meanwhile: " + stateOf(runId));
        }
    }

    /** Stops a run for good; its summary counts what was abandoned. */
    public void abort(String runId) {
        require(runId, stateOf(runId), RunState.LOADING, RunState.RUNNING, RunState.PAUSED, RunState.DRAINING);
        if (!store.abort(runId)) {
            throw new InvalidRunException(409, "run " + runId + " changed state meanwhile: " + stateOf(runId));
        }
    }

    private RunState stateOf(String runId) {
        Map<String, String> run = store.runHash(runId);
        if (run.isEmpty()) {
            throw new InvalidRunException(404, "unknown run " + runId);
        }
        return RunState.of(run.getOrDefault("state", RunState.LOADING.name()));
    }

    private static void require(String runId, RunState state, RunState... allowed) {
        if (!java.util.Arrays.asList(allowed).contains(state)) {
            throw new InvalidRunException(409, "run " + runId + " is " + state + "; this needs it to be one of "
                    + java.util.Arrays.toString(allowed));
        }
    }

    public List<RunInfo> list() {
        return store.runIds().stream().map(id -> {
            Map<String, String> run = store.runHash(id);
            return new RunInfo(id, run.get("state"), Long.parseLong(run.getOrDefault("orders", "0")), run.get("error"));
        }).toList();
    }

    /**
     * Deletes an ended run and all its keys in Redis (its report files stay); 409 while it goes on.
     * The state moves to DELETING first, atomically, so that nothing restarts it meanwhile.
     */
    public void delete(String runId) {
        Map<String, String> run = store.runHash(runId);
        if (run.isEmpty()) {
            throw new InvalidRunException(404, "unknown run " + runId);
        }
        if (!RunStore.isEnded(run) || !store.transition(runId, RunState.DELETING, RunState.ENDED.toArray(RunState[]::new))) {
            throw new InvalidRunException(409, "run " + runId + " is " + run.get("state")
                    + ": it can be deleted once it has ended (abort it first)");
        }
        store.delete(runId);
    }

    /** Deletes every run that ended more than {@code age} ago; returns their ids. Runs still going are kept. */
    public List<String> prune(java.time.Duration age) {
        List<String> deleted = new java.util.ArrayList<>();
        for (String runId : store.endedBefore(age)) {
            try {
                delete(runId);
                deleted.add(runId);
            } catch (InvalidRunException e) {
                // deleted or changed by someone else meanwhile
            }
        }
        return deleted;
    }

    public record RunInfo(String runId, String state, long orders, String error) {
    }
}
