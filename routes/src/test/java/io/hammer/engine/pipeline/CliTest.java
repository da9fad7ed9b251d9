package io.hammer.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hammer.engine.cli.HammerCli;
import io.hammer.engine.pace.RateSegment;
import io.hammer.engine.run.RunSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line against the running engine: runs judged by their objectives, reports, refusals. */
class CliTest extends PipelineTestSupport {
    @TempDir
    Path dir;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @AfterEach
    void clearFault() throws Exception {
        anvil("DELETE", "/admin/fault", null);
    }

    @Test
    void hammerRunExitsZeroWhenTheRunMeetsItsObjectivesAndItsReportsAreKept() throws Exception {
        String runId = "cli-pass-" + System.nanoTime();
        Path spec = spec(runId, """
                orders: 2000
                rate:
                  - type: constant
                    perSecond: 1000
                slo:
                  p99Ms: 10000
                  errorRatio: 0
                  # Loose on purpose: a busy test machine may run the few seconds of this run at a
                  # fraction of the rate; the objective must be judged and reported, not be tight.
                  rateRatio: 0.1
                  lost: 0
                """);
        assertThat(cli("run", spec.toString())).as(out + "\n" + err).isZero();
        assertThat(out.toString()).contains("Run " + runId + ": 2,000 orders, paced")
                .contains("SLO p99Ms").contains("SLO lost").doesNotContain("FAIL").endsWith("PASSED\n");

        Path html = dir.resolve("report.html");
        assertThat(cli("report", runId, "--html", html.toString())).isZero();
        assertThat(Files.readString(html)).contains("<svg").contains(runId).contains("Passed").contains("rateRatio");
        assertThat(cli("report", runId, "--json")).isZero();
        assertThat(out.toString()).contains("\"latency\"").contains("\"percentile\" : 99.9");
        // The ended run's reports were also written where hammer.runs.reports-dir says.
        assertThat(REPORTS.resolve(runId + ".json")).exists();
        assertThat(Files.readString(REPORTS.resolve(runId + ".html"))).contains("<svg");
    }

    @Test
    void hammerRunExitsOneWhenAnObjectiveIsMissed() throws Exception {
        anvil("PUT", "/admin/fault", "{\"delayMs\":30,\"count\":-1}");
        String runId = "cli-fail-" + System.nanoTime();
        Path spec = spec(runId, """
                orders: 300
                slo:
                  p99Ms: 5
                  rateRatio: 0.9
                """);
        assertThat(cli("run", spec.toString())).as(out + "\n" + err).isEqualTo(1);
        assertThat(out.toString()).contains("SLO p99Ms").contains("FAIL")
                .containsPattern("SLO rateRatio +n/a").endsWith("FAILED\n");
    }

    @Test
    void theCommandLineReportsRefusalsAndBadInputInOneLineWithExitCodeTwo() throws Exception {
        assertThat(cli("rate", "no-such-run", "100")).isEqualTo(2);
        assertThat(err.toString()).contains("404").contains("unknown run no-such-run");
        assertThat(cli("run", spec("bad-" + System.nanoTime(), "orders: -5\n").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("orders: must have a minimum value of 1");
        assertThat(HammerCli.commandLine(new PrintWriter(out), new PrintWriter(err))
                .execute("--url", "http://localhost:" + port, "status")).as("no password").isEqualTo(2);
        assertThat(err.toString()).contains("no password");
        assertThat(HammerCli.commandLine(new PrintWriter(out), new PrintWriter(err, true))
                .execute("--url=http://localhost:1", "--password=x", "status")).isEqualTo(2);
        assertThat(err.toString()).contains("cannot reach the engine");
    }

    @Test
    void validateNamesEachProblemWithTheClosestKeyAndNeedsNoEngine() throws Exception {
        Path bad = spec("v-" + System.nanoTime(), """
                orders: 1.5
                seed: 1.7
                slo:
                  p99ms: 5
                """);
        assertThat(HammerCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
                .execute("--url=http://localhost:1", "validate", bad.toString())).isEqualTo(1);
        assertThat(out.toString()).contains(bad + ": orders: number found, integer expected")
                .contains(bad + ": seed: number found, integer expected")
                .contains(bad + ": slo.p99ms: unknown key; did you mean p99Ms?");
        Path good = dir.resolve("good.yaml");
        Files.writeString(good, "duration: 1m\nrate: [{type: constant, perSecond: 100}]\n");
        assertThat(cli("validate", good.toString())).isZero();
        assertThat(out.toString()).contains(good + ": valid, 6,000 orders (1m), paced");
    }

    @Test
    void aRunIdInUseGetsAHint() throws Exception {
        String runId = "cli-twice-" + System.nanoTime();
        Path spec = spec(runId, "orders: 5\n");
        assertThat(cli("run", spec.toString())).isZero();
        assertThat(cli("run", spec.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("409").contains("hint: run it again under another id with --run-id NAME");
        assertThat(cli("run", "--run-id", runId + "-2", spec.toString())).isZero();
        assertThat(out.toString()).contains("Run " + runId + "-2: 5 orders");
    }

    @Test
    void compareTellsARegressionByItsExitCodeFromIdsFilesAndRest() throws Exception {
        String base = "cmp-base-" + System.nanoTime();
        String slower = "cmp-slow-" + System.nanoTime();
        // Paced, so that latency is the target's and not a backlog's: 1,000 orders at 200/s against a target
        // that takes 500 ms an order, then the same against a healthy one. The slow run goes first, so that
        // the engine's warm-up (a consumer group joining, on a busy machine) can only make it slower.
        anvil("PUT", "/admin/fault", "{\"delayMs\":500,\"count\":-1}");
        runs.start(new RunSpec(slower, 1_000, 1L, null, List.of(RateSegment.constant(200, null))));
        awaitDone(slower);
        anvil("DELETE", "/admin/fault", null);
        runs.start(new RunSpec(base, 1_000, 1L, null, List.of(RateSegment.constant(200, null))));
        awaitDone(base);

        assertThat(cli("compare", base, slower)).as(out + "\n" + err).isEqualTo(1);
        assertThat(out.toString()).contains(base).contains(slower).containsPattern("p99 \\(ms\\).*REGRESSED")
                .endsWith("REGRESSED (limits: latency percentiles and rate 10.0% worse, error ratio +0.0)\n");
        assertThat(cli("compare", base, base)).isZero();
        assertThat(out.toString()).contains("NO REGRESSION");
        // Latency 500 ms better; the two paced rates are equal up to a busy machine's noise, hence a loose limit.
        assertThat(cli("compare", slower, base, "--max-regression", "50%")).as("an improvement: %s", out).isZero();

        Path baseFile = dir.resolve("base.json");
        Files.writeString(baseFile, api("GET", "/api/runs/" + base + "/report", null).body());
        assertThat(cli("compare", baseFile.toString(), slower, "--max-regression", "10%")).isEqualTo(1);
        assertThat(cli("compare", baseFile.toString(), slower, "--max-regression", "1000000%", "--max-error-ratio-increase", "100%"))
                .as("limits loose enough: %s", out).isZero();

        var rest = api("GET", "/api/runs/compare?base=" + base + "&candidate=" + slower, null);
        assertThat(rest.statusCode()).isEqualTo(200);
        var comparison = json.readTree(rest.body());
        assertThat(comparison.path("regressed").asBoolean()).isTrue();
        assertThat(comparison.path("figures").findValuesAsText("figure")).contains("rate", "p50", "p99", "p99.9", "error ratio");
        assertThat(api("GET", "/api/runs/compare?base=" + base + "&candidate=no-such-run", null).statusCode()).isEqualTo(404);
    }

    @Test
    void abortOnFailEndsARunAtItsFirstBreachWithTheReason() throws Exception {
        anvil("PUT", "/admin/fault", "{\"delayMs\":50,\"count\":-1}");
        String slow = "abort-slow-" + System.nanoTime();
        // 20,000 orders at 200/s would take 100 s; the breach ends it within seconds.
        Path spec = spec(slow, """
                orders: 20000
                rate: [{type: constant, perSecond: 200}]
                slo: {p99Ms: 5, abortOnFail: true, minSample: 50}
                """);
        assertThat(cli("run", spec.toString(), "--html", dir.resolve("slow.html").toString())).as(out + "\n" + err).isEqualTo(1);
        assertThat(out.toString()).contains("Run " + slow + " (ABORTED)")
                .contains("aborted: objective p99Ms breached while running").endsWith("FAILED\n");
        var summary = runs.summary(slow);
        assertThat(summary.abortReason()).startsWith("objective p99Ms breached while running");
        assertThat(summary.delivered()).isLessThan(20_000);
        assertThat(Files.readString(dir.resolve("slow.html"))).contains("Aborted: objective p99Ms breached");

        anvil("PUT", "/admin/fault", "{\"status\":400,\"count\":-1}");
        String refused = "abort-errors-" + System.nanoTime();
        assertThat(cli("run", spec(refused, """
                orders: 20000
                rate: [{type: constant, perSecond: 200}]
                slo: {errorRatio: 0.01, abortOnFail: true}
                """).toString())).isEqualTo(1);
        assertThat(runs.summary(refused).abortReason()).startsWith("objective errorRatio breached while running: 1.0000");
        // What was in Kafka at the abort is dead-lettered unsent; the rest was never produced.
        assertThat(runs.summary(refused).deadLetteredByReason().getOrDefault("rejected", 0L)).isLessThan(20_000);
        assertThat(runs.summary(refused).deadLetteredByReason().getOrDefault("aborted", 0L)
                + runs.summary(refused).abandoned()).isPositive();
    }

    @Test
    void hammerRunWithoutAnEngineStartsOneInThisJvm() throws Exception {
        Path spec = dir.resolve("local.yaml");
        Files.writeString(spec, "orders: 300\nslo: {lost: 0}\n");
        Path html = dir.resolve("local.html");
        // Nothing answers on port 1; the second engine in this JVM needs a Camel name of its own.
        int exit = HammerCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute("--url=http://localhost:1",
                "run", spec.toString(), "--html", html.toString(), "--camel.main.name=hammer-cli-local",
                "--hammer.runs.reports-dir=" + dir.resolve("local-reports"));
        assertThat(exit).as(out + "\n" + err).isZero();
        assertThat(out.toString()).contains("No engine answers at http://localhost:1: starting one in this JVM.")
                .containsPattern("Run run-\\d{8}-\\d{6}-[0-9a-f]{4}: 300 orders").contains("PASSED")
                .contains("Reports in " + dir.resolve("local-reports").toAbsolutePath());
        assertThat(Files.readString(html)).contains("Passed");
    }

    private int cli(String... args) {
        List<String> all = new ArrayList<>(List.of("--url", "http://localhost:" + port, "--password", "engine-test"));
        all.addAll(List.of(args));
        return HammerCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(all.toArray(String[]::new));
    }

    private Path spec(String runId, String yaml) throws Exception {
        Path spec = dir.resolve(runId + ".yaml");
        Files.writeString(spec, "runId: " + runId + "\n" + yaml);
        return spec;
    }
}
