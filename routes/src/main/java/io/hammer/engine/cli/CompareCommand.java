package io.hammer.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.hammer.engine.report.RunComparison;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code hammer compare BASE CANDIDATE}: two runs side by side, and an exit code a CI pipeline can gate on. */
@Command(name = "compare", description = {
        "Compare two runs: achieved rate, latency percentiles and error ratio side by side, with deltas (absolute and %%).",
        "Exit 0 when the candidate did not regress, 1 when it did: a latency percentile (p50 to p99.9) more than "
                + "--max-regression above the base, the rate more than --max-regression below it, or the error ratio more than "
                + "--max-error-ratio-increase above it. The same over REST: GET /api/runs/compare?base=A&candidate=B."})
class CompareCommand implements Callable<Integer> {
    @ParentCommand
    HammerCli cli;

    @Parameters(index = "0", paramLabel = "BASE",
            description = "A run id on the engine, or a run's JSON file (hammer report RUN --json > FILE, or /api/runs/{id}/report).")
    String base;

    @Parameters(index = "1", paramLabel = "CANDIDATE", description = "The run judged against the base, likewise.")
    String candidate;

    @Option(names = "--max-regression", paramLabel = "PERCENT", defaultValue = "10%",
            description = "How much worse a latency percentile or the rate may be, in %% of the base (default 10%%).")
    String maxRegression;

    @Option(names = "--max-error-ratio-increase", paramLabel = "RATIO", defaultValue = "0",
            description = "How much the error ratio may grow: a ratio (0.001) or percentage points (0.1%%); default ${DEFAULT-VALUE}.")
    String maxErrorRatioIncrease;

    @Option(names = "--json", description = "Print the comparison as JSON.")
    boolean asJson;

    @Override
    public Integer call() throws IOException {
        RunComparison.Thresholds thresholds = new RunComparison.Thresholds(percent(maxRegression, "--max-regression"),
                ratio(maxErrorRatioIncrease));
        RunComparison comparison = RunComparison.of(load(base), load(candidate), thresholds);
        if (asJson) {
            cli.printJson(cli.json.valueToTree(comparison));
        } else {
            cli.out().print(comparison.toText());
        }
        return comparison.regressed() ? 1 : 0;
    }

    /** A run's report: from a file when one is there, else from the engine. */
    private JsonNode load(String run) throws IOException {
        Path file = Path.of(run);
        return Files.isRegularFile(file) ? cli.json.readTree(file.toFile()) : cli.client().get("/api/runs/" + run + "/report");
    }

    /** 10% or 10: a percentage. */
    private static double percent(String value, String option) {
        return number(value.trim().replaceFirst("%$", ""), option);
    }

    /** 0.001 is a ratio; 0.1% the same in percentage points. */
    private static double ratio(String value) {
        String text = value.trim();
        return text.endsWith("%") ? number(text.substring(0, text.length() - 1), "--max-error-ratio-increase") / 100
                : number(text, "--max-error-ratio-increase");
    }

    private static double number(String text, String option) {
        try {
            double number = Double.parseDouble(text);
            if (number >= 0 && Double.isFinite(number)) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below, with the option's name
        }
        throw new EngineClient.CliException(option + " must be a number, 0 or more, was '" + text + "'");
    }
}
