package io.hammer.engine.generate;

import io.hammer.engine.run.RunStore;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * A run's orders chunk by chunk, wherever they are: in Redis, or, for a generated run's chunk that
 * is not there (not yet written ahead, or published and dropped), made again from the seed. The
 * bytes are the same either way, since each order is a function of the spec and its sequence number.
 */
@Component
public class RunOrders {
    private final RunStore store;
    private final OrderGenerator generator;

    public RunOrders(RunStore store, OrderGenerator generator) {
        this.store = store;
        this.generator = generator;
    }

    /** The chunk's orders; empty when it is not in Redis and cannot be made (a replayed or restored run's, expired). */
    public List<byte[]> chunk(String runId, long chunk) {
        List<byte[]> orders = store.chunk(runId, chunk);
        return orders.isEmpty() ? generate(runId, chunk) : orders;
    }

    /** The chunk made from the seed; empty for a run that was not generated (replayed, restored). */
    public List<byte[]> generate(String runId, long chunk) {
        Map<String, String> run = store.runHash(runId);
        if (!run.containsKey(RunStore.WINDOW) || !run.containsKey("chunkSize")) {
            return List.of();
        }
        return store.spec(runId)
                .map(spec -> generator.chunk(spec, chunk, Integer.parseInt(run.get("chunkSize"))))
                .orElse(List.of());
    }
}
