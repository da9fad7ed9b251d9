package io.hammer.engine.run;

import io.hammer.engine.pace.RateProfile;
import io.hammer.engine.pace.RateSegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A run: which orders to generate (same spec, same bytes) and, optionally, the rate at which the
 * target receives them; without a rate the run goes as fast as the pipeline and target allow. Its
 * size is {@code orders}, or a {@code duration} at its rate profile (the count follows from the
 * profile). The transport says how the consumers deliver them: {@code http} (the default) or {@code fix}.
 * A paced run catches up after a stall at most as fast as its {@link CatchUp} allows.
 * The fields are those of {@code schema/run-spec.schema.json} (RunSpecSchemaTest keeps them in step).
 */
public record RunSpec(String runId, Long orders, String duration, Long seed, PayloadSpec payload, List<RateSegment> rate,
                      Slo slo, String transport, String warmup, CatchUp catchUp) {

    public static final long MAX_ORDERS = 100_000_000L;
    public static final String HTTP = "http";
    public static final String FIX = "fix";
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public RunSpec(String runId, long orders, Long seed, PayloadSpec payload) {
        this(runId, orders, seed, payload, null, null);
    }

    public RunSpec(String runId, long orders, Long seed, PayloadSpec payload, List<RateSegment> rate) {
        this(runId, orders, seed, payload, rate, null);
    }

    public RunSpec(String runId, long orders, Long seed, PayloadSpec payload, List<RateSegment> rate, Slo slo) {
        this(runId, orders, null, seed, payload, rate, slo, null, null, null);
    }

    /** A run id: 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit (safe in keys, routes and file names). */
    public static boolean isValidRunId(String runId) {
        return runId != null && RUN_ID.matcher(runId).matches();
    }

    public RunSpec(String runId, long orders, Long seed, PayloadSpec payload, List<RateSegment> rate, Slo slo, String transport) {
        this(runId, orders, null, seed, payload, rate, slo, transport, null, null);
    }

    public RunSpec(String runId, Long orders, String duration, Long seed, PayloadSpec payload, List<RateSegment> rate, Slo slo,
                   String transport) {
        this(runId, orders, duration, seed, payload, rate, slo, transport, null, null);
    }

    public RunSpec withTransport(String transport) {
        return new RunSpec(runId, orders, duration, seed, payload, rate, slo, transport, warmup, catchUp);
    }

    public RunSpec withWarmup(String warmup) {
        return new RunSpec(runId, orders, duration, seed, payload, rate, slo, transport, warmup, catchUp);
    }

    public RunSpec withCatchUp(CatchUp catchUp) {
        return new RunSpec(runId, orders, duration, seed, payload, rate, slo, transport, warmup, catchUp);
    }

    /**
     * The warm-up: orders due in the run's first {@code warmup} ("10s", "2m", "500ms" or ISO-8601) are
     * measured and reported apart, and kept out of the latency objectives. Zero when there is none.
     */
    public Duration warmupDuration() {
        return warmup == null || warmup.isBlank() ? Duration.ZERO : HumanDuration.parse(warmup.trim());
    }

    public RunSpec withRunId(String runId) {
        return new RunSpec(runId, orders, duration, seed, payload, rate, slo, transport, warmup, catchUp);
    }

    /** The spec with every default filled in, and the order count of a run sized by its duration. */
    public RunSpec withDefaults() {
        List<RateSegment> profile = rate == null || rate.isEmpty() ? null : rate;
        return new RunSpec(runId, orders == null ? ordersIn(duration, profile) : orders, duration, seed == null ? 42L : seed,
                (payload == null ? PayloadSpec.DEFAULT : payload).withDefaults(), profile, slo,
                transport == null || transport.isBlank() ? HTTP : transport.trim().toLowerCase(Locale.ROOT), warmup,
                catchUp == null ? CatchUp.DEFAULT : catchUp);
    }

    /**
     * Orders due over {@code duration} at the rate profile (the integral of the rate), at least one;
     * null when they cannot be counted (no duration, no rate, a bad segment), which {@link #problems()} says.
     */
    private static Long ordersIn(String duration, List<RateSegment> rate) {
        if (duration == null || rate == null
                || rate.stream().anyMatch(segment -> !segment.problems("rate").isEmpty())) {
            return null;
        }
        try {
            double seconds = HumanDuration.parse(duration).toNanos() / 1e9;
            double due = RateProfile.of(rate).cumulative(seconds);
            return Math.max(1, (long) Math.floor(Math.min(due, MAX_ORDERS + 1.0) + 1e-9));
        } catch (IllegalArgumentException | ArithmeticException e) {
            return null;
        }
    }

    /** Problems with the spec, empty when it can run; expects {@link #withDefaults()} first. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (runId == null || !RUN_ID.matcher(runId).matches()) {
            problems.add("runId must be 1-64 characters of letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        problems.addAll(sizeProblems());
        if (!HTTP.equals(transport) && !FIX.equals(transport)) {
            problems.add("transport must be http or fix, was " + transport);
        }
        problems.addAll(payload.problems());
        try {
            // "-5s": human durations have no sign, so say what is wrong rather than that it is no duration.
            if (warmup != null && warmup.trim().startsWith("-") || warmupDuration().isNegative()) {
                problems.add("warmup must not be negative, was " + warmup);
            }
        } catch (IllegalArgumentException e) {
            problems.add("warmup must be a duration such as 10s, 2m or PT10S, was " + warmup);
        }
        if (slo != null) {
            problems.addAll(slo.problems());
        }
        if (catchUp != null) {
            problems.addAll(catchUp.problems());
        }
        if (rate != null) {
            for (int i = 0; i < rate.size(); i++) {
                problems.addAll(rate.get(i).problems("rate[" + i + "]"));
            }
            if (problems.isEmpty() && !(rate.get(rate.size() - 1).finalRate() > 0)) {
                problems.add("the last rate segment must end above 0 orders per second, or the run never ends");
            }
        }
        return problems;
    }

    private List<String> sizeProblems() {
        if (duration != null) {
            Duration length;
            try {
                length = HumanDuration.parse(duration);
            } catch (IllegalArgumentException e) {
                return List.of("duration: " + e.getMessage());
            }
            if (length.isNegative() || length.isZero()) {
                return List.of("duration must be above 0");
            }
            if (rate == null) {
                return List.of("duration needs a rate: an unpaced run goes as fast as it can, so give it orders instead");
            }
        }
        if (orders == null) {
            return List.of(duration == null ? "orders (or duration, with a rate) is required" : "rate: the duration's orders cannot be counted");
        }
        if (orders < 1 || orders > MAX_ORDERS) {
            return List.of(duration == null ? "orders must be between 1 and " + MAX_ORDERS
                    : "duration " + duration + " at this rate makes " + orders + " orders; a run has between 1 and " + MAX_ORDERS);
        }
        return List.of();
    }
}
