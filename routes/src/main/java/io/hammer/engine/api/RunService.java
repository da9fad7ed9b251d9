package io.hammer.engine.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hammer.engine.account.RunSummaries;
import io.hammer.engine.account.RunSummary;
import io.hammer.engine.pace.RateSegment;
import io.hammer.engine.run.InvalidRunException;
import io.hammer.engine.run.RunSpec;
import io.hammer.engine.run.RunState;
import io.hammer.engine.run.RunStore;
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

    public RunService(RunStore store, RunSummaries summaries, ProducerTemplate camel, ObjectMapper json) {
        this.store = store;
        this.summaries = summaries;
        this.camel = camel;
        this.json = json;
    }

    /** Validates and registers the run, then generates its orders in the background. */
    public RunSpec start(RunSpec requested) {
        RunSpec spec = requested.withDefaults();
        List<String> problems = spec.problems();
        if (!problems.isEmpty()) {
            throw new InvalidRunException(400, String.join("; ", problems));
        }
        store.create(spec);
        camel.asyncSendBody("direct:generate", spec);
        return spec;
    }

    /** The stored summary of a finished run, or the live figures of one still going. */
    public RunSummary summary(String runId) {
        Map<String, String> run = store.runHash(runId);
        if (run.isEmpty()) {
            throw new InvalidRunException(404, "unknown run " + runId);
        }
        if (run.containsKey("summary")) {
            try {
                return json.readValue(run.get("summary"), RunSummary.class);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("run " + runId + " has an unreadable summary", e);
            }
        }
        return summaries.summarise(runId, run.getOrDefault("state", RunState.LOADING.name()));
    }

    /**
     * Changes a paced run's rate from now on; every consumer pod applies it within one pace refresh.
     * A run without a rate in its spec goes as fast as it can and has no rate to change.
     */
    public RunStore.RateChange changeRate(String runId, double perSecond) {
        Map<String, String> run = store.runHash(runId);
        if (run.isEmpty()) {
            throw new InvalidRunException(404, "unknown run " + runId);
        }
        if (!(perSecond > 0 && perSecond <= RateSegment.MAX_RATE)) {
            throw new InvalidRunException(400, "perSecond must be above 0 and at most " + (long) RateSegment.MAX_RATE);
        }
        String state = run.getOrDefault("state", RunState.LOADING.name());
        if (!state.equals(RunState.RUNNING.name()) && !state.equals(RunState.LOADING.name())) {
            throw new InvalidRunException(409, "run " + runId + " is " + state + ": its rate can no longer change");
        }
        if (store.spec(runId).map(RunSpec::rate).isEmpty()) {
            throw new InvalidRunException(409, "run " + runId + " is not paced (its spec has no rate): it runs as fast as it can");
        }
        return store.changeRate(runId, perSecond);
    }

    public List<RunInfo> list() {
        return store.runIds().stream().map(id -> {
            Map<String, String> run = store.runHash(id);
            return new RunInfo(id, run.get("state"), Long.parseLong(run.getOrDefault("orders", "0")), run.get("error"));
        }).toList();
    }

    public record RunInfo(String runId, String state, long orders, String error) {
    }
}
