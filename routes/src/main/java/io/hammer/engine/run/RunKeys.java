package io.hammer.engine.run;

/**
 * Redis key layout of a run, all under {@code hammer:}. The run hash holds spec and state; orders
 * sit in fixed-size chunk lists that producers claim one at a time.
 */
public final class RunKeys {
    /** Every run id, scored by creation time. */
    public static final String RUNS = "hammer:runs";
    /** Runs that still have chunks to produce. */
    public static final String ACTIVE = "hammer:runs:active";

    private RunKeys() {
    }

    public static String run(String runId) {
        return "hammer:run:" + runId;
    }

    public static String chunk(String runId, long chunk) {
        return run(runId) + ":chunk:" + chunk;
    }

    /** Counter of the highest chunk handed out. */
    public static String next(String runId) {
        return run(runId) + ":next";
    }

    /** Claimed chunks scored by lease expiry (epoch ms). */
    public static String leases(String runId) {
        return run(runId) + ":leases";
    }

    /** Chunks finished: published, or given up after too many attempts. */
    public static String done(String runId) {
        return run(runId) + ":done";
    }

    public static String attempts(String runId) {
        return run(runId) + ":attempts";
    }

    /** Counters: generated, produced, consumed, delivered, deadLettered[:reason], ... */
    public static String stats(String runId) {
        return run(runId) + ":stats";
    }

    /** Bitmap of sequence numbers that reached an outcome (delivered or dead-lettered). */
    public static String seen(String runId) {
        return run(runId) + ":seen";
    }

    /** Bitmap of sequence numbers delivered to the target. */
    public static String delivered(String runId) {
        return run(runId) + ":delivered";
    }

    /**
     * Ids of the outcome writes already applied: a write whose reply was lost (Redis answered after
     * the client's timeout) is sent again with the same id and applied once.
     */
    public static String recorded(String runId) {
        return run(runId) + ":recorded";
    }

    /** Rate changes and pauses, oldest first (see {@link RunStore.Control}). */
    public static String controls(String runId) {
        return run(runId) + ":controls";
    }

    /**
     * Per consumer engine, an upper bound on the orders it sent whose outcomes are not recorded yet
     * (deliver/UnknownOutcomes); what a dead engine left is the bound on duplicates nobody saw.
     */
    public static String unrecorded(String runId) {
        return run(runId) + ":unrecorded";
    }

    /** Latency histograms, one field per consumer pod (HdrHistogram, compressed, base64). */
    public static String latency(String runId) {
        return run(runId) + ":latency";
    }

    /** Consumed orders over time, one sample a second while the run goes: "epochMillis:consumed". */
    public static String timeline(String runId) {
        return run(runId) + ":timeline";
    }
}
