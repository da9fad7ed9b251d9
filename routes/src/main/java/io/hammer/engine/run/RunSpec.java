package io.hammer.engine.run;

import io.hammer.engine.pace.RateSegment;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A run: which orders to generate (same spec, same bytes) and, optionally, the rate at which the
 * target receives them; without a rate the run goes as fast as the pipeline and target allow. The
 * transport says how the consumers deliver them: {@code http} (the default) or {@code fix}. A paced
 * run catches up after a stall at most as fast as its {@link CatchUp} allows.
 */
public record RunSpec(String runId, long orders, Long seed, PayloadSpec payload, List<RateSegment> rate, Slo slo, String transport,
                      CatchUp catchUp) {

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
        this(runId, orders, seed, payload, rate, slo, null);
    }

    public RunSpec(String runId, long orders, Long seed, PayloadSpec payload, List<RateSegment> rate, Slo slo, String transport) {
        this(runId, orders, seed, payload, rate, slo, transport, null);
    }

    public RunSpec withTransport(String transport) {
        return new RunSpec(runId, orders, seed, payload, rate, slo, transport, catchUp);
    }

    public RunSpec withCatchUp(CatchUp catchUp) {
        return new RunSpec(runId, orders, seed, payload, rate, slo, transport, catchUp);
    }

    public RunSpec withDefaults() {
        return new RunSpec(runId, orders, seed == null ? 42L : seed,
                (payload == null ? PayloadSpec.DEFAULT : payload).withDefaults(), rate == null || rate.isEmpty() ? null : rate, slo,
                transport == null || transport.isBlank() ? HTTP : transport.trim().toLowerCase(java.util.Locale.ROOT),
                catchUp == null ? CatchUp.DEFAULT : catchUp);
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
        if (!HTTP.equals(transport) && !FIX.equals(transport)) {
            problems.add("transport must be http or fix, was " + transport);
        }
        problems.addAll(payload.problems());
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
}
