package io.hammer.engine.cli;

import io.hammer.engine.HammerApplication;
import io.hammer.engine.local.Bench;
import io.hammer.engine.local.Demo;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/** The commands that start Hammer itself in this JVM, rather than call a running engine. */
final class LocalCommands {
    private LocalCommands() {
    }

    /** Local mode's embedded Kafka, Redis and Anvil are in ./hammer's jar only, not in the engine's jar or image. */
    static int needingLocalMode(String command, Callable<Integer> work) throws Exception {
        try {
            return work.call();
        } catch (NoClassDefFoundError e) {
            throw new EngineClient.CliException(command + " needs local mode's embedded Kafka, Redis and Anvil: run it with ./hammer"
                    + " (local/target/hammer.jar), not the engine jar or image (missing " + e.getMessage() + ")");
        }
    }

    @Command(name = "engine", customSynopsis = "hammer engine [-hV] [--key=value...]", description = {
            "Start the engine: the routes of the roles hammer.role.* turns on (all by default), the REST API, metrics and, in "
                    + "hammer.jar, the console; on the Kafka, Redis and target of application.yaml.",
            "Any setting is a --key=value argument or an environment variable (hammer.target.url = HAMMER_TARGET_URL)."})
    static class Engine implements Callable<Integer> {
        @Unmatched
        List<String> settings = new ArrayList<>();

        @Override
        public Integer call() throws InterruptedException {
            return HammerApplication.runEngine(settings.toArray(String[]::new));
        }
    }

    @Command(name = "demo", customSynopsis = "hammer demo [-hV] [--stay] [ORDERS] [--key=value...]", description = {
            "Everything in this JVM: embedded Kafka, Redis and Anvil (the demo target), the engine and the console. Runs ORDERS "
                    + "orders end to end, prints progress and the accounting; exit 0 when the accounting holds.",
            "--key=value arguments are engine settings, e.g. --server.port=9090."})
    static class DemoRun implements Callable<Integer> {
        @Parameters(arity = "0..1", paramLabel = "ORDERS", description = "Orders in the demo run (default 100,000).")
        String orders;

        @Option(names = "--stay", description = "Keep everything running afterwards, for the console (Ctrl-C stops it).")
        boolean stay;

        @Unmatched
        List<String> settings = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            List<String> arguments = new ArrayList<>(settings);
            if (orders != null) {
                arguments.add(0, orders);
            }
            if (stay) {
                arguments.add("--stay");
            }
            return needingLocalMode("demo", () -> Demo.run(arguments.toArray(String[]::new)));
        }
    }

    @Command(name = "bench", customSynopsis = "hammer bench [-hV] ORDERS TARGET_URL [--key=value...]", description = {
            "The delivery figures bench/run.sh compares with wrk, on embedded Kafka and Redis against TARGET_URL: delivery alone, "
                    + "end to end, a paced minute, and FIX to the embedded Anvil. Prints key=value lines.",
            "--key=value arguments are engine settings, e.g. --hammer.consumer.handoff-wait=0s."})
    static class BenchRun implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ORDERS", description = "Orders per run.")
        String orders;

        @Parameters(index = "1", paramLabel = "TARGET_URL", description = "The HTTP target, e.g. http://127.0.0.1:8081 (orders go to /orders).")
        String target;

        @Unmatched
        List<String> settings = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            List<String> arguments = new ArrayList<>(List.of(orders, target));
            arguments.addAll(settings);
            return needingLocalMode("bench", () -> Bench.run(arguments.toArray(String[]::new)));
        }
    }
}
