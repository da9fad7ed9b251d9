package io.hammer.engine.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hammer.engine.account.RunSummary;
import io.hammer.engine.run.HumanDuration;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * Hammer's command line, for people, headless use and CI pipelines: {@code engine}, {@code demo} and
 * {@code bench} start Hammer in this JVM; {@code run} starts a run on a running engine, or on one
 * embedded in this JVM; {@code validate} and {@code compare} need no engine for files; the rest are
 * clients of a running engine's REST API. Every command has {@code --help}, printed without starting
 * anything. Exit codes: 0 success, 1 a run failed (objective missed, accounting broken, aborted), an
 * invalid spec, a regression; 2 an error (bad input, engine unreachable, refused).
 */
@Command(name = "hammer", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, versionProvider = HammerCli.Version.class,
        subcommands = {LocalCommands.Engine.class, LocalCommands.DemoRun.class, LocalCommands.BenchRun.class, RunCommand.class,
                ValidateCommand.class, CompareCommand.class, TemplateCommand.class, PruneCommand.class},
        description = {"Hammer, a load generator for trade-matching systems.", ""},
        footer = {"", "Start with `hammer demo`; `hammer COMMAND --help` tells more. Durations are written 30s, 10m, 1h30m (or PT10M).",
                "Exit codes: 0 success; 1 a run failed, a spec is invalid, a comparison regressed; 2 an error.",
                "Clients of an engine use --url (env HAMMER_URL, default http://localhost:8080) and --password (env HAMMER_PASSWORD)."})
public class HammerCli implements Callable<Integer> {
    /** The CLI's own options: anything else that starts with -- is an engine setting. */
    private static final Set<String> OPTIONS = Set.of("--help", "--version", "--url", "--user", "--password");

    @Spec
    CommandSpec spec;

    @Option(names = "--url", scope = ScopeType.LOCAL, defaultValue = "${env:HAMMER_URL:-http://localhost:8080}",
            description = "The engine's address (env HAMMER_URL; default ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--user", scope = ScopeType.LOCAL, defaultValue = "hammer", description = "User of the engine's API (default ${DEFAULT-VALUE}).")
    String user;

    @Option(names = "--password", scope = ScopeType.LOCAL, defaultValue = "${env:HAMMER_PASSWORD}",
            description = "The password of --user (env HAMMER_PASSWORD).")
    String password;

    final ObjectMapper json = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public static int execute(String... args) {
        return commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true)).execute(args);
    }

    /**
     * True when the arguments are nothing but engine settings ({@code --key=value}, {@code --debug}):
     * how the container image's Deployments start the engine, without naming a command.
     */
    public static boolean startsEngine(String... args) {
        return args.length > 0 && Arrays.stream(args).allMatch(arg -> arg.startsWith("--") && !OPTIONS.contains(arg.split("=", 2)[0]));
    }

    /** The command line with its output streams, human durations and its one-line error reporting. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new HammerCli());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.registerConverter(Duration.class, text -> {
            try {
                return HumanDuration.parse(text);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        });
        commandLine.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("hammer: " + (e instanceof EngineClient.CliException ? e.getMessage() : e.toString()));
            return 2;
        });
        return commandLine;
    }

    /** Options but no command: the usage, as an error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    EngineClient client() {
        return client(url);
    }

    EngineClient client(String engineUrl) {
        if (password == null || password.isBlank()) {
            throw new EngineClient.CliException("no password: set HAMMER_PASSWORD or give --password");
        }
        return new EngineClient(engineUrl, user, password, json);
    }

    /** The version in the jar's manifest, when run from the jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = HammerCli.class.getPackage().getImplementationVersion();
            return new String[] {"hammer " + (version == null ? "(development build)" : version)};
        }
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    @Command(name = "status", description = "Every run and its state, or one run's figures.")
    int status(@Parameters(arity = "0..1", paramLabel = "RUN") String runId) throws IOException {
        if (runId == null) {
            for (JsonNode run : client().get("/api/runs")) {
                out().printf("%-40s %-9s %,12d orders%n", run.path("runId").asText(), run.path("state").asText(),
                        run.path("orders").asLong());
            }
            return 0;
        }
        out().print(summary(runId).toText());
        return 0;
    }

    @Command(name = "rate", description = "Change a paced run's rate from now on.")
    int rate(@Parameters(paramLabel = "RUN") String runId, @Parameters(paramLabel = "PER_SECOND") double perSecond) {
        client().put("/api/runs/" + runId + "/rate", Map.of("perSecond", perSecond));
        out().printf("Run %s: %,.0f orders/s from now on%n", runId, perSecond);
        return 0;
    }

    @Command(name = "pause", description = "Hold a run: nothing is produced or sent until it is resumed.")
    int pause(@Parameters(paramLabel = "RUN") String runId) {
        return control(runId, "pause", "paused");
    }

    @Command(name = "resume", description = "Resume a paused run where it stopped.")
    int resume(@Parameters(paramLabel = "RUN") String runId) {
        return control(runId, "resume", "resumed");
    }

    @Command(name = "abort", description = "Stop a run for good; what is left is dead-lettered or abandoned, and counted.")
    int abort(@Parameters(paramLabel = "RUN") String runId) {
        return control(runId, "abort", "aborted");
    }

    @Command(name = "report", description = "A run's report: its accounting (default), --json, or --html FILE; without RUN, the runs.")
    int report(@Parameters(arity = "0..1", paramLabel = "RUN") String runId,
               @Option(names = "--json", description = "The whole report as JSON.") boolean asJson,
               @Option(names = "--html", paramLabel = "FILE", description = "Write the HTML report to FILE.") Path html)
            throws IOException {
        if (runId == null) {
            return status(null);
        }
        if (html != null) {
            Files.writeString(html, client().getText("/api/runs/" + runId + "/report.html"));
            out().println("Wrote " + html.toAbsolutePath());
        } else if (asJson) {
            printJson(client().get("/api/runs/" + runId + "/report"));
        } else {
            out().print(summary(runId).toText());
        }
        return 0;
    }

    @Command(name = "templates", description = "The route templates and their parameters.")
    int templates() throws IOException {
        printJson(client().get("/api/templates"));
        return 0;
    }

    @Command(name = "backups", description = "Backups with their size, date, run id and order count.")
    int backups(@Parameters(arity = "0..1", paramLabel = "DIRECTORY") String directory) throws IOException {
        printJson(client().get("/api/backups" + (directory == null ? ""
                : "?dir=" + URLEncoder.encode(directory, StandardCharsets.UTF_8))));
        return 0;
    }

    void printJson(JsonNode node) throws IOException {
        out().println(json.writerWithDefaultPrettyPrinter().writeValueAsString(node));
    }

    RunSummary summary(String runId) throws IOException {
        return summary(client(), runId);
    }

    RunSummary summary(EngineClient engine, String runId) throws IOException {
        return json.treeToValue(engine.get("/api/runs/" + runId), RunSummary.class);
    }

    private int control(String runId, String action, String done) {
        client().post("/api/runs/" + runId + "/" + action, null);
        out().printf("Run %s %s%n", runId, done);
        return 0;
    }
}
