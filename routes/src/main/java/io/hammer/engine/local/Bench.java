package io.hammer.engine.local;

import io.hammer.engine.HammerApplication;
import io.hammer.engine.account.LatencySummary;
import io.hammer.engine.account.RunSummary;
import io.hammer.engine.api.RunService;
import io.hammer.engine.pace.RateSegment;
import io.hammer.engine.report.RunReport;
import io.hammer.engine.report.RunReports;
import io.hammer.engine.run.RunSpec;
import io.hammer.engine.run.RunStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.camel.CamelContext;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * {@code hammer bench <orders> <target-url>}: the figures bench/run.sh compares with wrk. On the
 * embedded stack, against the given target:
 * <ol>
 * <li>delivery: a run is produced into Kafka with the consumers stopped, then the consumers start
 * and deliver it at full speed;</li>
 * <li>end to end: a second run goes generate, Redis, Kafka, validate, target with every stage live;</li>
 * <li>paced: a third run asks half of the end-to-end rate for a minute; each 10 s window's achieved
 * rate is printed beside the asked one;</li>
 * <li>FIX delivery: like the first, over FIX 4.4 to the embedded Anvil's acceptor (in this JVM, so
 * it takes CPU from the engine), each order settled by its ExecutionReport.</li>
 * </ol>
 * Prints one {@code key=value} line per figure for the script to read, the Redis memory of the
 * end-to-end and paced runs among them. Further {@code --key=value} arguments go to the engine;
 * with {@code --hammer.queue=pulsar} the queue is a Pulsar broker started for the bench ({@link PulsarBroker}).
 */
public final class Bench {
    private static final long PACED_SECONDS = 60;

    private Bench() {
    }

    public static int run(String[] args) throws Exception {
        long orders = Long.parseLong(args[0].replace("_", ""));
        String target = args[1];
        // --hammer.queue=pulsar: the same stages over a Pulsar broker of its own (a separate JVM).
        boolean pulsar = List.of(args).contains("--hammer.queue=pulsar");
        try (LocalStack stack = LocalStack.start(Files.createTempDirectory("anvil-bench"));
             PulsarBroker broker = pulsar ? PulsarBroker.start(Files.createTempDirectory("pulsar-bench")) : null) {
            List<String> arguments = new ArrayList<>(List.of(stack.engineArguments()));
            if (broker != null) {
                arguments.add("--hammer.pulsar.service-url=" + broker.serviceUrl());
            }
            arguments.removeIf(a -> a.startsWith("--hammer.target."));
            arguments.add("--hammer.target.url=" + target);
            arguments.add("--logging.level.root=WARN");
            arguments.addAll(List.of(args).subList(2, args.length));
            try (ConfigurableApplicationContext engine = new SpringApplicationBuilder(HammerApplication.class)
                    .run(arguments.toArray(String[]::new))) {
                RunService runs = engine.getBean(RunService.class);
                RunStore store = engine.getBean(RunStore.class);
                CamelContext camel = engine.getBean(CamelContext.class);

                RunSummary delivery = deliverPreloaded(runs, store, camel, "delivery", new RunSpec("bench-delivery", orders, 1L, null));

                StringRedisTemplate redis = engine.getBean(StringRedisTemplate.class);
                RedisMemory e2eMemory = new RedisMemory(redis);
                long start = System.nanoTime();
                runs.start(new RunSpec("bench-e2e", orders, 2L, null));
                RunSummary endToEnd = await(runs, store, "bench-e2e", s -> count(s, "consumed") >= orders);
                report("e2e", endToEnd, start);
                double seconds = (System.nanoTime() - start) / 1e9;
                awaitEnded(store, "bench-e2e");
                e2eMemory.report("e2e");

                // Half of the end-to-end maximum, held for a minute: does the target get what was asked?
                long rate = Math.max(1, Math.round(endToEnd.delivered() / seconds / 2));
                long pacedOrders = rate * PACED_SECONDS;
                RedisMemory pacedMemory = new RedisMemory(redis);
                runs.start(new RunSpec("bench-paced", pacedOrders, 3L, null, List.of(RateSegment.constant(rate, null))));
                await(runs, store, "bench-paced", s -> count(s, "consumed") >= pacedOrders);
                awaitEnded(store, "bench-paced"); // the summary is final once the run is closed
                pacedMemory.report("paced");
                RunSummary paced = runs.summary("bench-paced");
                reportPaced(engine.getBean(RunReports.class).build("bench-paced"), rate, paced);

                RunSummary fix = deliverPreloaded(runs, store, camel, "fix",
                        new RunSpec("bench-fix", orders, 4L, null).withTransport(RunSpec.FIX));
                return delivery.delivered() == orders && endToEnd.delivered() == orders && paced.delivered() == pacedOrders
                        && fix.delivered() == orders ? 0 : 1;
            }
        }
    }

    /** Achieved against asked in each 10 s window of the paced run, from its report's timeline. */
    private static void reportPaced(RunReport report, long rate, RunSummary summary) {
        System.out.printf("paced_asked=%d%npaced_orders=%d%npaced_delivered=%d%n", rate, summary.generated(), summary.delivered());
        Map<Integer, double[]> windows = new TreeMap<>(); // window -> {achieved orders, asked orders, seconds}
        for (RunReport.Window w : report.rate()) {
            double[] sums = windows.computeIfAbsent((int) (w.toSeconds() / 10), k -> new double[3]);
            sums[0] += w.achieved() * (w.toSeconds() - w.fromSeconds());
            sums[1] += (w.asked() == null ? 0 : w.asked()) * (w.toSeconds() - w.fromSeconds());
            sums[2] += w.toSeconds() - w.fromSeconds();
        }
        double worst = 0;
        for (Map.Entry<Integer, double[]> window : windows.entrySet()) {
            double[] sums = window.getValue();
            // Only full windows of the schedule count: the last one ends with the run.
            if (window.getKey() * 10 + 10 > PACED_SECONDS || sums[1] == 0) {
                continue;
            }
            double deviation = 100 * (sums[0] - sums[1]) / sums[1];
            worst = Math.max(worst, Math.abs(deviation));
            System.out.printf("paced_window_%02d=%.0f/%.0f (%+.2f%%)%n", window.getKey() * 10, sums[0] / sums[2], sums[1] / sums[2],
                    deviation);
        }
        System.out.printf("paced_worst_window_deviation_pct=%.2f%n", worst);
        latency("paced", summary);
    }

    /**
     * The delivery stage alone: the run is produced into Kafka with the consumers stopped, then they
     * start and deliver it at full speed. Timed from the first outcome: the consumer group's join is
     * start-up, not delivery.
     */
    private static RunSummary deliverPreloaded(RunService runs, RunStore store, CamelContext camel, String name, RunSpec spec)
            throws Exception {
        String runId = spec.runId();
        long orders = spec.orders();
        camel.getRouteController().stopRoute("consume");
        runs.start(spec);
        await(runs, store, runId, s -> count(s, "produced") == orders);
        camel.getRouteController().startRoute("consume");
        await(runs, store, runId, s -> count(s, "consumed") > 0);
        long start = System.nanoTime();
        RunSummary summary = await(runs, store, runId, s -> count(s, "consumed") >= orders);
        report(name, summary, start);
        latency(name, summary);
        return summary;
    }

    /** Latency from the intended send time, and its two parts: the target's service time and Hammer's send delay. */
    private static void latency(String name, RunSummary summary) {
        percentiles(name + "_latency_ms", summary.latency());
        percentiles(name + "_service_time_ms", summary.serviceTime());
        percentiles(name + "_send_delay_ms", summary.sendDelay());
        if (summary.generatorBound() != null) {
            System.out.printf("%s_generator_bound=%s%n", name, summary.generatorBound());
        }
    }

    private static void percentiles(String name, LatencySummary figures) {
        if (figures != null) {
            System.out.printf("%s=p50 %.2f p99 %.2f p99.9 %.2f max %.2f%n", name, figures.p50(), figures.p99(), figures.p999(),
                    figures.max());
        }
    }

    private static void report(String name, RunSummary summary, long startNanos) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        System.out.printf("%s_orders=%d%n%s_delivered=%d%n%s_dead_lettered=%d%n%s_seconds=%.2f%n%s_rate=%.0f%n",
                name, summary.generated(), name, summary.delivered(), name, summary.deadLettered(), name, seconds,
                name, summary.delivered() / seconds);
    }

    /**
     * Waits on the run's counters (one Redis read a poll: summaries merge latency histograms and would
     * take CPU from what is measured), then returns its summary.
     */
    private static RunSummary await(RunService runs, RunStore store, String runId, Predicate<Map<String, Long>> done)
            throws InterruptedException {
        while (!done.test(store.stats(runId))) {
            Thread.sleep(10);
        }
        return runs.summary(runId);
    }

    private static void awaitEnded(RunStore store, String runId) throws InterruptedException {
        while (!"DONE".equals(store.runHash(runId).get("state"))) {
            Thread.sleep(100);
        }
    }

    private static long count(Map<String, Long> stats, String field) {
        return stats.getOrDefault(field, 0L);
    }
}
