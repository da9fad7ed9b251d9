package io.hammer.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code hammer prune --older-than 7d}: deletes from the engine's Redis every run that ended longer
 * ago than that (POST /api/runs/prune). Runs still going are kept; report files stay.
 */
@Command(name = "prune", description = "Delete the runs that ended longer ago than --older-than (their report files stay).")
class PruneCommand implements Callable<Integer> {
    @ParentCommand
    HammerCli cli;

    @Option(names = "--older-than", required = true, paramLabel = "AGE",
            description = "How long ago a run must have ended: 7d, 12h, 30m, 45s, or ISO-8601 (P7D).")
    String olderThan;

    @Override
    public Integer call() {
        JsonNode deleted = cli.client().post("/api/runs/prune?olderThan="
                + URLEncoder.encode(olderThan, StandardCharsets.UTF_8), null).path("deleted");
        deleted.forEach(run -> cli.out().println("Deleted run " + run.asText()));
        cli.out().printf("%d run%s deleted%n", deleted.size(), deleted.size() == 1 ? "" : "s");
        return 0;
    }
}
