package io.hammer.engine.local;

import io.hammer.engine.account.RunSummary;
import io.hammer.engine.api.RunService;
import io.hammer.engine.run.RunSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.ClassUtils;

/**
 * {@code hammer demo [orders] [--stay] [--key=value ...]}: starts Kafka, Redis and Anvil in this JVM, the engine with
 * every role (and the console, when it is on the classpath), runs one generated run to the end and
 * prints its accounting. Exit code 0 when the accounting holds, 1 when it does not. With
 * {@code --stay} everything keeps running afterwards, for the console, until the process is stopped.
 */
public final class Demo {
    private static final long DEFAULT_ORDERS = 100_000;
    private static final Duration TIMEOUT = Duration.ofMinutes(15);
    /** Present when the console is on the classpath (the assembled hammer.jar). */
    private static final String CONSOLE = "io.hammer.console.ConsoleAutoConfiguration";

    private Demo() {
    }

    public static int run(String[] args) throws Exception {
        List<String> arguments = List.of(args);
        boolean stay = arguments.contains("--stay");
        long orders = arguments.stream().filter(a -> !a.startsWith("--")).findFirst()
                .map(a -> Long.parseLong(a.replace("_", ""))).orElse(DEFAULT_ORDERS);
        // Printed below for the console; from the environment when set there.
        String operatorPassword = passwordFrom("HAMMER_PASSWORD");
        String viewerPassword = passwordFrom("HAMMER_VIEWER_PASSWORD");
        // The demo prints its own progress; the log keeps only warnings (including a generated password).
        System.setProperty("logging.level.root", "WARN");
        Path data = Files.createDirectories(Path.of("hammer-data"));
        System.out.println("Starting embedded Kafka, Redis and Anvil (orders written to " + data.resolve("anvil") + ") ...");
        try (LocalEngine local = LocalEngine.start(data.resolve("anvil"), operatorPassword, viewerPassword, arguments)) {
            ConfigurableApplicationContext engine = local.context();
            LocalStack stack = local.stack();
            String port = local.port();
            if (ClassUtils.isPresent(CONSOLE, Demo.class.getClassLoader())) {
                System.out.printf("Console: http://localhost:%s/ (operator: user hammer, password %s; read only: user viewer, password %s)%n",
                        port, shown("HAMMER_PASSWORD", operatorPassword), shown("HAMMER_VIEWER_PASSWORD", viewerPassword));
            }
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
            int exitCode = summary.balanced() && "DONE".equals(summary.state()) ? 0 : 1;
            if (stay) {
                System.out.printf("%nStill running for the console at http://localhost:%s/ (Ctrl-C stops everything).%n", port);
                new CountDownLatch(1).await(); // until the JVM is stopped; its shutdown hook closes the engine
            }
            return exitCode;
        }
    }

    /** A password the user chose is not printed back. */
    private static String shown(String variable, String password) {
        return password.equals(System.getenv(variable)) ? "$" + variable : password;
    }

    private static String passwordFrom(String variable) {
        String value = System.getenv(variable);
        return value == null || value.isBlank() ? randomPassword() : value;
    }

    /** A password for a console nobody chose one for, printed for its user. */
    public static String randomPassword() {
        return HexFormat.of().formatHex(new SecureRandom().generateSeed(8));
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
