package io.hammer.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.hammer.engine.account.RunSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code hammer run spec.yaml}: starts the run, shows its progress each second, prints its accounting
 * and objectives at the end, and exits 0 only if it finished with the accounting holding and every
 * objective met: a CI pipeline can gate on it.
 */
@Command(name = "run", description = "Start a run from a spec file (YAML or JSON), follow it to its end, and judge it.")
class RunCommand implements Callable<Integer> {
    private static final Set<String> OVER = Set.of("DONE", "FAILED", "ABORTED");

    @ParentCommand
    HammerCli cli;

    @Parameters(paramLabel = "SPEC", description = "The run spec: runId, orders, seed, payload, rate, slo.")
    Path specFile;

    @Option(names = "--run-id", description = "Use this run id instead of the spec's (a spec can then be run again).")
    String runId;

    @Option(names = "--timeout", defaultValue = "PT24H", description = "Give up waiting after this long (ISO-8601, default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws IOException, InterruptedException {
        ObjectNode spec = (ObjectNode) new ObjectMapper(new YAMLFactory()).readTree(specFile.toFile());
        if (runId != null) {
            spec.put("runId", runId);
        }
        EngineClient engine = cli.client();
        JsonNode started = engine.post("/api/runs", spec);
        String id = started.path("runId").asText();
        PrintWriter out = cli.out();
        out.printf("Run %s: %,d orders%s%n", id, started.path("orders").asLong(),
                started.path("rate").isMissingNode() || started.path("rate").isNull() ? ", as fast as possible" : ", paced");

        long deadline = System.nanoTime() + timeout.toNanos();
        RunSummary summary = cli.summary(id);
        long lastDelivered = 0;
        long lastTime = System.nanoTime();
        while (!over(summary) && System.nanoTime() < deadline) {
            Thread.sleep(1_000);
            summary = cli.summary(id);
            long now = System.nanoTime();
            double rate = (summary.delivered() - lastDelivered) / ((now - lastTime) / 1e9);
            out.printf("  %-8s produced %,10d  delivered %,10d  dead-lettered %,8d  errors %,6d  %,8.0f/s  p99 %s%n",
                    summary.state(), summary.produced(), summary.delivered(), summary.deadLettered(),
                    summary.consumerErrors(), rate, summary.latency() == null || summary.latency().count() == 0
                            ? "-" : String.format("%.2f ms", summary.latency().p99()));
            lastDelivered = summary.delivered();
            lastTime = now;
        }
        out.println();
        out.print(summary.toText());
        if (!over(summary)) {
            out.println("Gave up waiting after " + timeout + "; the run goes on.");
            return 2;
        }
        boolean passed = "DONE".equals(summary.state()) && summary.balanced() && summary.sloPassed();
        out.println(passed ? "PASSED" : "FAILED");
        return passed ? 0 : 1;
    }

    /** Ended, with every produced order accounted for (an aborted run drains its last orders first). */
    private static boolean over(RunSummary summary) {
        return OVER.contains(summary.state()) && summary.consumedDistinct() >= summary.produced();
    }
}
