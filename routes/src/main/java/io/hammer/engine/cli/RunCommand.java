package io.hammer.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hammer.engine.account.RunSummary;
import io.hammer.engine.local.Demo;
import io.hammer.engine.local.LocalEngine;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Unmatched;

/**
 * {@code hammer run spec.yaml}: starts the run, shows its progress each second, prints its accounting
 * and objectives at the end, and exits 0 only if it finished with the accounting holding and every
 * objective met: a CI pipeline can gate on it. With no engine at {@code --url} (or with {@code --local})
 * it starts one in this JVM on embedded Kafka, Redis and Anvil, as the demo does, and stops it after.
 */
@Command(name = "run", customSynopsis = {"hammer run [-hV] [--local | --engine=URL] [--run-id=ID] [--timeout=DURATION]",
        "                  [--html=FILE] [--json=FILE] SPEC [--key=value...]"}, description = {
        "Start a run from a spec file (YAML or JSON), follow it to its end, and judge it: PASSED (exit 0) or FAILED (exit 1).",
        "The run goes to the engine at --url (env HAMMER_URL); when none answers there, or with --local, Hammer starts one in "
                + "this JVM on embedded Kafka, Redis and Anvil, like the demo (--key=value arguments are its settings), and stops "
                + "it after the run."})
class RunCommand implements Callable<Integer> {
    private static final Set<String> OVER = Set.of("DONE", "FAILED", "ABORTED");

    @ParentCommand
    HammerCli cli;

    @Parameters(paramLabel = "SPEC", description = "The run spec: runId, orders or duration, seed, payload, rate, slo, transport "
            + "(hammer validate checks it).")
    Path specFile;

    @Option(names = "--run-id", paramLabel = "ID", description = "Use this run id instead of the spec's (a spec can then be run again); "
            + "without either, one is generated.")
    String runId;

    @Option(names = "--local", description = "Run on an engine started in this JVM (embedded Kafka, Redis, Anvil), even if one is at --url.")
    boolean local;

    @Option(names = "--engine", paramLabel = "URL", description = "Run on the engine at URL, and fail if it does not answer.")
    String engineUrl;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "24h",
            description = "Give up waiting after this long: 30s, 10m, 1h30m or PT10M (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--html", paramLabel = "FILE", description = "Write the run's HTML report to FILE at the end.")
    Path html;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the run's JSON report to FILE at the end.")
    Path jsonReport;

    @Unmatched
    List<String> settings = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (local && engineUrl != null) {
            throw new EngineClient.CliException("--local and --engine exclude each other");
        }
        settings.stream().filter(setting -> !setting.matches("--[^=]+=.*")).findFirst().ifPresent(unknown -> {
            throw new EngineClient.CliException("unknown option " + unknown + " (see hammer run --help)");
        });
        ObjectNode spec = SpecFile.read(specFile);
        if (runId != null) {
            spec.put("runId", runId);
        }
        List<String> problems = SpecFile.problems(spec);
        if (!problems.isEmpty()) {
            problems.forEach(problem -> cli.err().println("hammer: " + specFile + ": " + problem));
            return 2;
        }
        EngineClient remote = engineUrl != null ? cli.client(engineUrl) : null;
        if (remote == null && !local) {
            EngineClient atUrl = new EngineClient(cli.url, cli.user, "", cli.json);
            if (atUrl.reachable()) {
                remote = cli.client();
            } else {
                cli.out().println("No engine answers at " + cli.url + ": starting one in this JVM.");
            }
        }
        if (remote != null) {
            if (!settings.isEmpty()) {
                throw new EngineClient.CliException("engine settings (" + String.join(" ", settings) + ") apply only to a local run");
            }
            return follow(remote, spec);
        }
        return LocalCommands.needingLocalMode("run without an engine", () -> runLocally(spec));
    }

    /** On an engine of its own, on embedded Kafka, Redis and Anvil, stopped once the run is judged. */
    private int runLocally(ObjectNode spec) throws IOException, InterruptedException {
        cli.out().println("Starting embedded Kafka, Redis, Anvil and the engine ...");
        System.setProperty("logging.level.root", "WARN"); // the run's progress is the output; warnings still show
        String password = Demo.randomPassword();
        List<String> engineSettings = new ArrayList<>(List.of("--server.port=0"));
        engineSettings.addAll(settings);
        try (LocalEngine engine = LocalEngine.start(Path.of("hammer-data", "anvil"), password, Demo.randomPassword(), engineSettings)) {
            int verdict = follow(new EngineClient(engine.url(), cli.user, password, cli.json), spec);
            cli.out().println("Reports in " + Path.of(engine.context().getEnvironment().getProperty("hammer.runs.reports-dir"))
                    .toAbsolutePath());
            return verdict;
        }
    }

    private int follow(EngineClient engine, ObjectNode spec) throws IOException, InterruptedException {
        JsonNode started = start(engine, spec);
        String id = started.path("runId").asText();
        PrintWriter out = cli.out();
        out.printf("Run %s: %,d orders%s%n", id, started.path("orders").asLong(),
                started.path("rate").isMissingNode() || started.path("rate").isNull() ? ", as fast as possible" : ", paced");

        long deadline = System.nanoTime() + timeout.toNanos();
        RunSummary summary = cli.summary(engine, id);
        long lastDelivered = 0;
        long lastTime = System.nanoTime();
        while (!over(summary) && System.nanoTime() < deadline) {
            Thread.sleep(1_000);
            summary = cli.summary(engine, id);
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
        writeReports(engine, id);
        if (!over(summary)) {
            out.println("Gave up waiting after " + timeout + "; the run goes on.");
            return 2;
        }
        boolean passed = "DONE".equals(summary.state()) && summary.balanced() && summary.sloPassed();
        out.println(passed ? "PASSED" : "FAILED");
        return passed ? 0 : 1;
    }

    /** Starts the run; a run id in use gets a hint, since running a spec twice is common. */
    private JsonNode start(EngineClient engine, ObjectNode spec) {
        try {
            return engine.post("/api/runs", spec);
        } catch (EngineClient.CliException e) {
            if (e.status() == 409) {
                throw new EngineClient.CliException(e.getMessage() + "\nhint: run it again under another id with --run-id NAME, "
                        + "or remove runId from " + specFile + " to have one generated", 409);
            }
            throw e;
        }
    }

    private void writeReports(EngineClient engine, String id) throws IOException {
        if (html != null) {
            Files.writeString(html, engine.getText("/api/runs/" + id + "/report.html"));
            cli.out().println("Wrote " + html.toAbsolutePath());
        }
        if (jsonReport != null) {
            Files.writeString(jsonReport, engine.getText("/api/runs/" + id + "/report"));
            cli.out().println("Wrote " + jsonReport.toAbsolutePath());
        }
    }

    /** Ended, with every produced order accounted for (an aborted run drains its last orders first). */
    private static boolean over(RunSummary summary) {
        return OVER.contains(summary.state()) && summary.consumedDistinct() >= summary.produced();
    }
}
