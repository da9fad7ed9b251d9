package io.hammer.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hammer.engine.cli.HammerCli;
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
        assertThat(err.toString()).contains("400").contains("orders must be between");
        assertThat(HammerCli.commandLine(new PrintWriter(out), new PrintWriter(err))
                .execute("--url", "http://localhost:" + port, "status")).as("no password").isEqualTo(2);
        assertThat(err.toString()).contains("no password");
        assertThat(HammerCli.commandLine(new PrintWriter(out), new PrintWriter(err, true))
                .execute("--url=http://localhost:1", "--password=x", "status")).isEqualTo(2);
        assertThat(err.toString()).contains("cannot reach the engine");
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
