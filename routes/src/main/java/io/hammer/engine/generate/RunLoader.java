package io.hammer.engine.generate;

import io.hammer.engine.HammerProperties;
import io.hammer.engine.account.Metrics;
import io.hammer.engine.run.RunSpec;
import io.hammer.engine.run.RunState;
import io.hammer.engine.run.RunStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The generate stage: writes a run's orders into Redis a window of chunks ahead of its producers
 * ({@code hammer.runs.window-chunks}), so that a run of any length holds about the same Redis. The
 * first window is written before the run opens to producers; the generate-ahead route tops it up as
 * they claim chunks, and published chunks are dropped (finish-chunk.lua). A window of 0 writes the
 * whole run up front and keeps it.
 */
@Component
public class RunLoader {
    private static final Logger log = LoggerFactory.getLogger(RunLoader.class);
    /** Chunks per Redis pipeline: large enough to amortise round trips, small enough to bound memory. */
    private static final int CHUNKS_PER_PIPELINE = 16;

    private final OrderGenerator generator;
    private final RunStore store;
    private final Metrics metrics;
    private final int chunkSize;
    private final int window;

    public RunLoader(OrderGenerator generator, RunStore store, Metrics metrics, HammerProperties properties) {
        this.generator = generator;
        this.store = store;
        this.metrics = metrics;
        this.chunkSize = properties.runs().chunkSize();
        this.window = properties.runs().windowChunks();
    }

    /** Called by the generate route for a run already registered by {@link RunStore#create}. */
    public void load(RunSpec spec) {
        long started = System.nanoTime();
        long chunks = (spec.orders() + chunkSize - 1) / chunkSize;
        long ahead = window > 0 ? Math.min(window, chunks) : chunks;
        try {
            write(spec, chunkSize, 1, ahead);
        } catch (RuntimeException e) {
            store.setState(spec.runId(), RunState.FAILED);
            store.putField(spec.runId(), "error", "loading failed: " + e);
            throw e;
        }
        store.ready(spec.runId(), chunks, chunkSize, spec.orders(), window > 0 ? window : 0);
        metrics.generated(spec.runId(), spec.orders());
        log.info("Run {}: {} orders in {} chunks, {} of them generated in {} ms{}", spec.runId(), spec.orders(), chunks,
                ahead, (System.nanoTime() - started) / 1_000_000, ahead < chunks ? ", the rest as producers go" : "");
    }

    /**
     * Called by the generate-ahead route: tops up each generated run to its window ahead of the
     * chunks its producers claimed. Several generators may do this at once; each chunk is written once.
     */
    public void generateAhead() {
        for (String runId : store.activeRuns()) {
            Map<String, String> run = store.runHash(runId);
            if (!run.containsKey(RunStore.WINDOW) || !RunState.RUNNING.name().equals(run.get("state"))) {
                continue; // written whole (replayed, restored), paused, or ended
            }
            long chunks = Long.parseLong(run.get("chunks"));
            RunStore.Ahead ahead = store.ahead(runId);
            long from = Math.max(ahead.claimed(), ahead.generated()) + 1;
            long to = Math.min(chunks, ahead.claimed() + Long.parseLong(run.get(RunStore.WINDOW)));
            if (from <= to) {
                store.spec(runId).ifPresent(spec -> write(spec, Integer.parseInt(run.get("chunkSize")), from, to));
            }
        }
    }

    private void write(RunSpec spec, int size, long from, long to) {
        Map<Long, List<byte[]>> batch = new LinkedHashMap<>();
        for (long chunk = from; chunk <= to; chunk++) {
            batch.put(chunk, generator.chunk(spec, chunk, size));
            if (batch.size() == CHUNKS_PER_PIPELINE || chunk == to) {
                store.writeAhead(spec.runId(), batch);
                batch = new LinkedHashMap<>();
            }
        }
    }
}
