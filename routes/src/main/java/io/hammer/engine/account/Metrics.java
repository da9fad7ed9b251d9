package io.hammer.engine.account;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * This pod's share of every stage's figures, for Prometheus, tagged with the run id. The run-wide
 * figures are in Redis ({@link Accounting}); summed over pods, these equal them.
 */
@Component
public class Metrics {
    static final Duration MIN_BUCKET = Duration.ofNanos(10_000);
    private static final Map<Measure, String> TIMER_NAMES = Map.of(Measure.LATENCY, "hammer.delivery.latency",
            Measure.SERVICE_TIME, "hammer.service.time", Measure.SEND_DELAY, "hammer.send.delay");
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

    /**
     * One order's measure: {@code hammer_delivery_latency_seconds}, {@code hammer_service_time_seconds}
     * or {@code hammer_send_delay_seconds}.
     */
    public void timing(String run, Measure measure, Duration duration) {
        timers.computeIfAbsent(measure.key() + '|' + run, r -> Timer.builder(TIMER_NAMES.get(measure))
                        .description(measure.description())
                        .tag("run", run)
                        // Buckets, so that Prometheus can merge pods into one p99; the run report has the exact figures.
                        // From 10 µs: a target answering in a fraction of a millisecond spreads over several buckets.
                        .publishPercentileHistogram()
                        .minimumExpectedValue(MIN_BUCKET)
                        .maximumExpectedValue(Duration.ofMinutes(1))
                        .register(registry))
                .record(duration);
    }

    /**
     * Removes every meter tagged with this run from the registry, so that Prometheus stops scraping a
     * finished run's series ({@link MetricsRetention}); a late outcome of the run registers them afresh.
     */
    public void forget(String run) {
        counters.keySet().removeIf(key -> run.equals(key.split("\\|", -1)[1]));
        timers.keySet().removeIf(key -> key.substring(key.indexOf('|') + 1).equals(run));
        for (Meter meter : registry.getMeters()) {
            if (run.equals(meter.getId().getTag("run"))) {
                registry.remove(meter);
            }
        }
    }

    /** The runs this pod has meters of. */
    public Set<String> runs() {
        Set<String> runs = new HashSet<>();
        for (Meter meter : registry.getMeters()) {
            String run = meter.getId().getTag("run");
            if (run != null) {
                runs.add(run);
            }
        }
        return runs;
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
