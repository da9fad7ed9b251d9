package io.hammer.engine.local;

import io.hammer.engine.HammerApplication;
import io.hammer.engine.account.RunSummary;
import io.hammer.engine.api.RunService;
import io.hammer.engine.run.RunSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.camel.CamelContext;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code hammer bench <orders> <target-url>}: the figures bench/run.sh compares with wrk. On the
 * embedded stack, against the given target:
 * <ol>
 * <li>delivery: a run is produced into Kafka with the consumers stopped, then the consumers start
 * and deliver it at full speed;</li>
 * <li>end to end: a second run goes generate, Redis, Kafka, validate, target with every stage live.</li>
 * </ol>
 * Prints one {@code key=value} line per figure for the script to read.
 */
public final class Bench {
    private Bench() {
    }

    public static int run(String[] args) throws Exception {
        long orders = Long.parseLong(args[0].replace("_", ""));
        String target = args[1];
        try (LocalStack stack = LocalStack.start(Files.createTempDirectory("anvil-bench"))) {
            List<String> arguments = new ArrayList<>(List.of(stack.engineArguments()));
            arguments.removeIf(a -> a.startsWith("--hammer.target."));
            arguments.add("--hammer.target.url=" + target);
            arguments.add("--logging.level.root=WARN");
            try (ConfigurableApplicationContext engine = new SpringApplicationBuilder(HammerApplication.class)
                    .run(arguments.toArray(String[]::new))) {
                RunService runs = engine.getBean(RunService.class);
                CamelContext camel = engine.getBean(CamelContext.class);

                camel.getRouteController().stopRoute("consume");
                runs.start(new RunSpec("bench-delivery", orders, 1L, null));
                await(runs, "bench-delivery", s -> s.produced() == orders);
                camel.getRouteController().startRoute("consume");
                // Timed from the first outcome: the consumer group's join is start-up, not delivery.
                await(runs, "bench-delivery", s -> s.consumed() > 0);
                long start = System.nanoTime();
                RunSummary delivery = await(runs, "bench-delivery", s -> s.consumed() >= orders);
                report("delivery", delivery, start);

                start = System.nanoTime();
                runs.start(new RunSpec("bench-e2e", orders, 2L, null));
                RunSummary endToEnd = await(runs, "bench-e2e", s -> s.consumed() >= orders);
                report("e2e", endToEnd, start);
                return delivery.delivered() == orders && endToEnd.delivered() == orders ? 0 : 1;
            }
        }
    }

    private static void report(String name, RunSummary summary, long startNanos) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        System.out.printf("%s_orders=%d%n%s_delivered=%d%n%s_dead_lettered=%d%n%s_seconds=%.2f%n%s_rate=%.0f%n",
                name, summary.generated(), name, summary.delivered(), name, summary.deadLettered(), name, seconds,
                name, summary.delivered() / seconds);
    }

    private static RunSummary await(RunService runs, String runId, Predicate<RunSummary> done) throws InterruptedException {
        RunSummary summary = runs.summary(runId);
        while (!done.test(summary)) {
            Thread.sleep(20);
            summary = runs.summary(runId);
        }
        return summary;
    }
}
