package io.hammer.engine.local;

import io.hammer.engine.HammerApplication;
import io.hammer.engine.account.RunSummary;
import io.hammer.engine.api.RunService;
import io.hammer.engine.run.RunSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code hammer demo [orders]}: starts Kafka, Redis and Anvil in this JVM, the engine with every
 * role, runs one generated run to the end and prints its accounting. Exit code 0 when the
 * accounting holds, 1 when it does not.
 */
public final class Demo {
    private static final long DEFAULT_ORDERS = 100_000;
    private static final Duration TIMEOUT = Duration.ofMinutes(15);

    private Demo() {
    }

    public static int run(String[] args) throws Exception {
        long orders = args.length > 0 ? Long.parseLong(args[0].replace("_", "")) : DEFAULT_ORDERS;
        // The demo prints its own progress; the log keeps only warnings (including a generated password).
        System.setProperty("logging.level.root", "WARN");
        Path data = Files.createDirectories(Path.of("hammer-data"));
        System.out.println("Starting embedded Kafka, Redis and Anvil (orders written to " + data.resolve("anvil") + ") ...");
        try (LocalStack stack = LocalStack.start(data.resolve("anvil"));
             ConfigurableApplicationContext engine = new SpringApplicationBuilder(HammerApplication.class)
                     .run(stack.engineArguments())) {
            String port = engine.getEnvironment().getProperty("local.server.port");
            System.out.printf("Engine:  http://localhost:%s/api/runs (user hammer), metrics on /actuator/prometheus%n", port);
            System.out.printf("Anvil:   %s/admin (user admin, password %s)%n", stack.anvilUrl(), stack.anvilPassword());
            RunService runs = engine.getBean(RunService.class);
            String runId = "demo-" + System.currentTimeMillis();
            runs.start(new RunSpec(runId, orders, 42L, null));
            System.out.printf("Run %s: %,d orders%n", runId, orders);
            RunSummary summary = await(runs, runId);
            System.out.println();
            System.out.print(summary.toText());
            if (!"DONE".equals(summary.state())) {
                System.out.println("The run did not finish within " + TIMEOUT.toMinutes() + " minutes.");
            }
            return summary.balanced() && "DONE".equals(summary.state()) ? 0 : 1;
        }
    }

    /** Polls the run until it ends or times out, printing progress each second; returns its last figures. */
    private static RunSummary await(RunService runs, String runId) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        RunSummary summary = runs.summary(runId);
        long lastTime = System.nanoTime();
        while (List.of("LOADING", "RUNNING", "PAUSED", "DRAINING").contains(summary.state()) && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            long lastDelivered = summary.delivered();
            summary = runs.summary(runId);
            long now = System.nanoTime();
            System.out.printf("  %-8s produced %,9d  delivered %,9d  dead-lettered %,6d  %,8.0f orders/s%n",
                    summary.state(), summary.produced(), summary.delivered(), summary.deadLettered(),
                    (summary.delivered() - lastDelivered) / ((now - lastTime) / 1e9));
            lastTime = now;
        }
        return summary;
    }
}
