package io.hammer.engine.generate;

import io.hammer.engine.HammerProperties;
import io.hammer.engine.account.Metrics;
import io.hammer.engine.run.RunSpec;
import io.hammer.engine.run.RunState;
import io.hammer.engine.run.RunStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** The generate stage: writes a run's orders 1..n into Redis, chunk by chunk, then opens it to producers. */
@Component
public class RunLoader {
    private static final Logger log = LoggerFactory.getLogger(RunLoader.class);
    /** Chunks per Redis pipeline: large enough to amortise round trips, small enough to bound memory. */
    private static final int CHUNKS_PER_PIPELINE = 16;

    private final OrderGenerator generator;
    private final RunStore store;
    private final Metrics metrics;
    private final int chunkSize;

    public RunLoader(OrderGenerator generator, RunStore store, Metrics metrics, HammerProperties properties) {
        this.generator = generator;
        this.store = store;
        this.metrics = metrics;
        this.chunkSize = properties.runs().chunkSize();
    }

    /** Called by the generate route for a run already registered by {@link RunStore#create}. */
    public void load(RunSpec spec) {
        long started = System.nanoTime();
        long chunks = (spec.orders() + chunkSize - 1) / chunkSize;
        try {
            Map<Long, List<byte[]>> batch = new LinkedHashMap<>();
            for (long chunk = 1; chunk <= chunks; chunk++) {
                batch.put(chunk, chunkOrders(spec, chunk));
                if (batch.size() == CHUNKS_PER_PIPELINE || chunk == chunks) {
                    store.writeChunks(spec.runId(), batch);
                    batch = new LinkedHashMap<>();
                }
            }
        } catch (RuntimeException e) {
            store.setState(spec.runId(), RunState.FAILED);
            store.putField(spec.runId(), "error", "loading failed: " + e);
            throw e;
        }
        store.ready(spec.runId(), chunks, chunkSize, spec.orders());
        metrics.generated(spec.runId(), spec.orders());
        log.info("Run {}: generated {} orders in {} chunks in {} ms", spec.runId(), spec.orders(), chunks,
                (System.nanoTime() - started) / 1_000_000);
    }

    private List<byte[]> chunkOrders(RunSpec spec, long chunk) {
        long first = (chunk - 1) * chunkSize + 1;
        long last = Math.min(chunk * chunkSize, spec.orders());
        List<byte[]> orders = new ArrayList<>((int) (last - first + 1));
        for (long seq = first; seq <= last; seq++) {
            orders.add(generator.order(spec, seq));
        }
        return orders;
    }
}
