package io.hammer.engine.account;

import com.fasterxml.jackson.databind.JsonNode;
import io.hammer.engine.run.RunKeys;
import io.hammer.engine.run.RunState;
import io.hammer.engine.run.RunStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Builds a run's summary from its counters and bitmaps in Redis and, for Anvil, the sink's own count. */
@Component
public class RunSummaries {
    private static final String DEAD_LETTERED_PREFIX = "deadLettered:";
    private final RunStore store;
    private final SinkStats sink;
    private final LatencyHistograms latencies;

    public RunSummaries(RunStore store, SinkStats sink, LatencyHistograms latencies) {
        this.store = store;
        this.sink = sink;
        this.latencies = latencies;
    }

    public RunSummary summarise(String runId, String state) {
        Map<String, Long> stats = store.stats(runId);
        Map<String, Long> byReason = new HashMap<>();
        stats.forEach((field, n) -> {
            if (field.startsWith(DEAD_LETTERED_PREFIX)) {
                byReason.put(field.substring(DEAD_LETTERED_PREFIX.length()), n);
            }
        });
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
        return new RunSummary(runId, state, generated, produced, producerFailed, get(stats, "producerErrors"), abandoned, consumed,
                consumedDistinct, delivered, deliveredDistinct, deadLettered, byReason, get(stats, "duplicates"),
                get(stats, "consumerErrors"), get(stats, "submitted"), sinkDistinct, sinkDuplicates,
                LatencySummary.of(latencies.merged(runId)), problems);
    }

    private static long get(Map<String, Long> stats, String field) {
        return stats.getOrDefault(field, 0L);
    }
}
