package io.hammer.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hammer.engine.account.RunSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Hammer's command line, for headless use and CI pipelines: a client of a running engine's REST
 * API. Exit codes: 0 success, 1 a run failed (objective missed, accounting broken, aborted), 2 an
 * error (bad input, engine unreachable, refused).
 */
@Command(name = "hammer", mixinStandardHelpOptions = true, subcommands = {RunCommand.class, TemplateCommand.class, PruneCommand.class},
        description = "Drive a Hammer engine: start runs, follow them, change their rate, read their reports.")
public class HammerCli implements Callable<Integer> {
    /** The subcommands; anything else on the engine's command line starts the engine itself. */
    public static final Set<String> COMMANDS = Set.of("run", "status", "rate", "pause", "resume", "abort", "report",
            "template", "templates", "backups", "prune");

    @Spec
    CommandSpec spec;

    @Option(names = "--url", defaultValue = "${env:HAMMER_URL:-http://localhost:8080}",
            description = "The engine's address (env HAMMER_URL; default ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--user", defaultValue = "hammer", description = "User of the engine's API (default ${DEFAULT-VALUE}).")
    String user;

    @Option(names = "--password", defaultValue = "${env:HAMMER_PASSWORD}", description = "Its password (env HAMMER_PASSWORD).")
    String password;

    final ObjectMapper json = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    public static int execute(String... args) {
        return commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true)).execute(args);
    }

    /** The command line with its output streams and its one-line error reporting. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new HammerCli());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("hammer: " + (e instanceof EngineClient.CliException ? e.getMessage() : e.toString()));
            return 2;
        });
        return commandLine;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 2;
    }

    EngineClient client() {
        if (password == null || password.isBlank()) {
            throw new EngineClient.CliException("no password: set HAMMER_PASSWORD or give --password");
        }
        return new EngineClient(url, user, password, json);
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
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
        return json.treeToValue(client().get("/api/runs/" + runId), RunSummary.class);
    }

    private int control(String runId, String action, String done) {
        client().post("/api/runs/" + runId + "/" + action, null);
        out().printf("Run %s %s%n", runId, done);
        return 0;
    }
}
