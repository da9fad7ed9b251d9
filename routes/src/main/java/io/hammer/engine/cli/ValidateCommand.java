package io.hammer.engine.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code hammer validate spec.yaml ...}: the engine's checks of a run spec, without an engine. */
@Command(name = "validate", description = {
        "Check run spec files (YAML or JSON) as the engine would, against the run spec's JSON Schema (GET /api/schema/run-spec) "
                + "and its rules, without an engine: every problem names its field; an unknown key comes with the closest valid one.",
        "Exit 0 when every spec is valid, 1 when one is not."})
class ValidateCommand implements Callable<Integer> {
    @ParentCommand
    HammerCli cli;

    @Parameters(arity = "1..*", paramLabel = "SPEC", description = "Run spec files.")
    List<Path> files;

    @Override
    public Integer call() {
        boolean valid = true;
        for (Path file : files) {
            ObjectNode spec = SpecFile.read(file);
            List<String> problems = SpecFile.problems(spec);
            if (problems.isEmpty()) {
                cli.out().printf("%s: valid, %s%n", file, SpecFile.describe(spec));
            } else {
                valid = false;
                problems.forEach(problem -> cli.out().printf("%s: %s%n", file, problem));
            }
        }
        return valid ? 0 : 1;
    }
}
