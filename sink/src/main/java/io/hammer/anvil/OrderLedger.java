package io.hammer.anvil;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.stereotype.Component;

/**
 * Anvil's counts: every request and every error (the original sink's Total Requests and Total
 * Errors), and per run the distinct order ids accepted and the duplicates among them. Ids are kept
 * in memory, about 100 bytes each: Anvil is a test target, sized for runs of millions of orders.
 */
@Component
public class OrderLedger {
    private final LongAdder requests = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder fixRequests = new LongAdder();
    private final Map<String, RunLedger> runs = new ConcurrentHashMap<>();
    private final Counter requestCounter;
    private final Counter errorCounter;
    private final Counter duplicateCounter;

    public OrderLedger(MeterRegistry registry) {
        this.requestCounter = Counter.builder("anvil.requests").description("POST /orders requests").register(registry);
        this.errorCounter = Counter.builder("anvil.errors").description("Requests answered with an error").register(registry);
        this.duplicateCounter = Counter.builder("anvil.duplicates").description("Orders accepted again with an id seen before").register(registry);
    }

    public void request() {
        requests.increment();
        requestCounter.increment();
    }

    /** A NewOrderSingle over FIX: a request like a POST, also counted on its own. */
    public void fixRequest() {
        request();
        fixRequests.increment();
    }

    public void error() {
        errors.increment();
        errorCounter.increment();
    }

    /** @return false when the order's id was accepted before (a duplicate) */
    public boolean accepted(ReceivedOrder order) {
        boolean first = runs.computeIfAbsent(order.runId(), run -> new RunLedger()).accept(order.orderId());
        if (!first) {
            duplicateCounter.increment();
        }
        return first;
    }

    public Totals totals() {
        long distinct = 0;
        long duplicates = 0;
        for (RunLedger run : runs.values()) {
            distinct += run.ids.size();
            duplicates += run.duplicates.sum();
        }
        return new Totals(requests.sum(), errors.sum(), fixRequests.sum(), distinct, duplicates);
    }

    /** A run's figures; zero for a run Anvil has not seen. */
    public RunFigures run(String runId) {
        RunLedger run = runs.get(runId);
        return run == null ? new RunFigures(runId, 0, 0) : run.figures(runId);
    }

    /** Every run's figures, by run id. */
    public Map<String, RunFigures> runs() {
        Map<String, RunFigures> figures = new TreeMap<>();
        runs.forEach((id, run) -> figures.put(id, run.figures(id)));
        return figures;
    }

    public record Totals(long totalRequests, long totalErrors, long fixOrders, long distinct, long duplicates) {
    }

    public record RunFigures(String runId, long distinct, long duplicates) {
    }

    private static final class RunLedger {
        final Set<String> ids = ConcurrentHashMap.newKeySet();
        final LongAdder duplicates = new LongAdder();

        boolean accept(String orderId) {
            if (ids.add(orderId)) {
                return true;
            }
            duplicates.increment();
            return false;
        }

        RunFigures figures(String runId) {
            return new RunFigures(runId, ids.size(), duplicates.sum());
        }
    }
}
