package io.hammer.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hammer.engine.HammerApplication;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Help for every command, printed without starting anything; how arguments choose the CLI or the engine. */
class CliHelpTest {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @Test
    void everyCommandHasHelpThatExitsZero() {
        // picocli warns on System.err about help texts it cannot format.
        java.io.ByteArrayOutputStream warnings = new java.io.ByteArrayOutputStream();
        java.io.PrintStream systemErr = System.err;
        System.setErr(new java.io.PrintStream(warnings, true, StandardCharsets.UTF_8));
        try {
            helpOfEveryCommand();
        } finally {
            System.setErr(systemErr);
        }
        assertThat(warnings.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    private void helpOfEveryCommand() {
        CommandLine hammer = HammerCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(hammer.getSubcommands().keySet()).contains("engine", "demo", "bench", "run", "validate", "compare", "status",
                "rate", "pause", "resume", "abort", "report", "template", "templates", "backups");
        assertThat(cli("--help")).isZero();
        assertThat(out.toString()).contains("Usage: hammer").contains("demo").contains("bench").contains("engine")
                .contains("compare").contains("Exit codes");
        for (String command : hammer.getSubcommands().keySet()) {
            out.getBuffer().setLength(0);
            assertThat(cli(command, "--help")).as("%s --help: %s", command, err).isZero();
            assertThat(out.toString()).as(command).contains("Usage: hammer " + command);
            assertThat(cli(command, "-h")).as("%s -h", command).isZero();
        }
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void onlyEngineSettingsStartTheEngine() {
        assertThat(HammerCli.startsEngine()).as("no arguments: help").isFalse();
        assertThat(HammerCli.startsEngine("--help")).isFalse();
        assertThat(HammerCli.startsEngine("--version")).isFalse();
        assertThat(HammerCli.startsEngine("--url=http://x", "status")).isFalse();
        assertThat(HammerCli.startsEngine("demo")).isFalse();
        assertThat(HammerCli.startsEngine("--hammer.role.consumer=false", "--server.port=9090")).isTrue();
        assertThat(HammerCli.startsEngine("--spring.profiles.active=k8s", "--debug")).isTrue();
    }

    @Test
    void durationsAreWrittenAsPeopleWriteThem() {
        assertThat(cli("run", "--timeout", "10x", "spec.yaml")).isEqualTo(2);
        assertThat(err.toString()).contains("--timeout").contains("'10x' is not a duration: write e.g. 10m, 30s, 1h30m");
        CommandLine run = HammerCli.commandLine(new PrintWriter(out), new PrintWriter(err));
        CommandLine.ParseResult parsed = run.parseArgs("run", "--timeout", "1h30m", "spec.yaml");
        assertThat(parsed.subcommand().matchedOptionValue("--timeout", Duration.ZERO)).isEqualTo(Duration.ofMinutes(90));
        parsed = run.parseArgs("run", "--timeout=PT10M", "spec.yaml");
        assertThat(parsed.subcommand().matchedOptionValue("--timeout", Duration.ZERO)).isEqualTo(Duration.ofMinutes(10));
    }

    /**
     * The executable itself, in a JVM of its own: without arguments and with --help it prints the help
     * and exits 0 at once. Were the engine started, it would look for Kafka and Redis and not exit.
     */
    @Test
    void theExecutablePrintsHelpWithoutStartingTheEngine() throws Exception {
        for (List<String> args : List.of(List.<String>of(), List.of("--help"), List.of("demo", "--help"), List.of("engine", "--help"))) {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), HammerApplication.class.getName()));
            command.addAll(args);
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("hammer %s exits by itself", args).isTrue();
            String output = read(process);
            assertThat(process.exitValue()).as("hammer %s: %s", args, output).isZero();
            assertThat(output).as("hammer %s", args).contains("Usage: hammer").doesNotContain("Started HammerApplication")
                    .doesNotContain("Tomcat");
        }
    }

    private static String read(Process process) throws IOException {
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private int cli(String... args) {
        return HammerCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    }
}
