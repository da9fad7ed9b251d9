package io.hammer.engine.run;

import java.util.List;
import java.util.stream.Collectors;

/** A run spec refused as it came in (400): every problem, each naming its field. */
public class InvalidSpecException extends InvalidRunException {
    private final List<RunSpecSchema.Problem> problems;

    public InvalidSpecException(List<RunSpecSchema.Problem> problems) {
        super(400, problems.stream().map(RunSpecSchema.Problem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<RunSpecSchema.Problem> problems() {
        return problems;
    }
}
