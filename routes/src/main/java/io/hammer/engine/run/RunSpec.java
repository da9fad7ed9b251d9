package io.hammer.engine.run;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** A run: which orders to generate. Same spec, same bytes. */
public record RunSpec(String runId, long orders, Long seed, PayloadSpec payload) {

    public static final long MAX_ORDERS = 100_000_000L;
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public RunSpec withDefaults() {
        return new RunSpec(runId, orders, seed == null ? 42L : seed,
                (payload == null ? PayloadSpec.DEFAULT : payload).withDefaults());
    }

    /** Problems with the spec, empty when it can run; expects {@link #withDefaults()} first. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (runId == null || !RUN_ID.matcher(runId).matches()) {
            problems.add("runId must be 1-64 characters of letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        if (orders < 1 || orders > MAX_ORDERS) {
            problems.add("orders must be between 1 and " + MAX_ORDERS);
        }
        problems.addAll(payload.problems());
        return problems;
    }
}
