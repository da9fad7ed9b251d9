package io.hammer.engine.account;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * This pod's share of every stage's figures, for Prometheus, tagged with the run id. The run-wide
 * figures are in Redis ({@link Accounting}); summed over pods, these equal them.
 */
@Component
public class Metrics {
    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public Metrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void generated(String run, long n) {
        count("hammer.orders.generated", run, null, n);
    }

    public void produced(String run, long n) {
        count("hammer.orders.produced", run, null, n);
    }

    public void producerErrors(String run, long n) {
        count("hammer.producer.errors", run, null, n);
    }

    public void producerFailed(String run, long n) {
        count("hammer.orders.producer.failed", run, null, n);
    }

    public void consumed(String run, long n) {
        count("hammer.orders.consumed", run, null, n);
    }

    public void delivered(String run, long n) {
        count("hammer.orders.delivered", run, null, n);
    }

    public void deadLettered(String run, String reason, long n) {
        count("hammer.orders.dead.lettered", run, reason, n);
    }

    /** Failed attempts to hand an order to the target, retried or not. */
    public void consumerErrors(String run, long n) {
        count("hammer.consumer.errors", run, null, n);
    }

    /** Requests sent to the target, retries included: its rate is the submission rate. */
    public void submitted(String run, long n) {
        count("hammer.orders.submitted", run, null, n);
    }

    /** An ExecutionReport received over FIX, by kind (new, partial-fill, fill, canceled, ...). */
    public void fixReport(String run, String kind) {
        counters.computeIfAbsent("hammer.fix.reports|" + run + '|' + kind, k -> Counter.builder("hammer.fix.reports")
                .description("ExecutionReports received over FIX, by kind").tag("run", run).tag("kind", kind)
                .register(registry)).increment();
    }

    public void deliveryLatency(String run, Duration latency) {
        timers.computeIfAbsent(run, r -> Timer.builder("hammer.delivery.latency")
                        .description("From the order's intended send time to its outcome")
                        .tag("run", r)
                        // Buckets, so that Prometheus can merge pods into one p99; the run report has the exact figures.
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofMillis(1))
                        .maximumExpectedValue(Duration.ofMinutes(1))
                        .register(registry))
                .record(latency);
    }

    private void count(String name, String run, String reason, long n) {
        if (n == 0) {
            return;
        }
        String key = name + '|' + run + '|' + reason;
        counters.computeIfAbsent(key, k -> {
            Counter.Builder builder = Counter.builder(name).tag("run", run);
            if (reason != null) {
                builder.tag("reason", reason);
            }
            return builder.register(registry);
        }).increment(n);
    }
}
