package io.hammer.engine.run;

import java.util.List;

/**
 * Redis key layout of a run, all under {@code hammer:}. The run hash holds spec and state; orders
 * sit in fixed-size chunk lists that producers claim one at a time.
 * <p>
 * Every key of one run carries the run id as a Redis Cluster hash tag ({@code hammer:run:{id}:...}),
 * so a run's keys share one slot and a Lua script may touch any of them on a cluster. The two
 * indexes ({@link #RUNS}, {@link #ACTIVE}) are global keys: scripts never touch them, Java updates
 * them with separate commands in an order that stays correct when a step fails.
 */
public final class RunKeys {
    /** Every run id, scored by creation time. */
    public static final String RUNS = "hammer:runs";
    /** Runs that still have chunks to produce. */
    public static final String ACTIVE = "hammer:runs:active";

    private RunKeys() {
    }

    public static String run(String runId) {
        return "hammer:run:{" + runId + "}";
    }

    /** Where a run being staged (replayed, restored) is loaded before it becomes a run: the run's slot. */
    public static String staging(String runId, String token) {
        return "hammer:staging:{" + runId + "}:" + token;
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

    /** Bitmap of finished chunks (published, or given up after too many attempts); their count is the run's {@code chunksDone}. */
    public static String done(String runId) {
        return run(runId) + ":done";
    }

    /** Highest chunk written to Redis by the generator (generated runs only: see RunLoader). */
    public static String generated(String runId) {
        return run(runId) + ":generated";
    }

    /** A replayed run's intended send offsets (see StagedRun). */
    public static String schedule(String runId) {
        return run(runId) + ":schedule";
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

    /**
     * Latency, service time and send delay histograms, one field per measure, phase (warm-up or not)
     * and consumer pod: "{measure}[@warmup]|{pod}" (HdrHistogram, compressed, base64).
     */
    public static String latency(String runId) {
        return run(runId) + ":latency";
    }

    /**
     * Per second of sending, one field per consumer pod and second: "{pod}|{epoch second}" =
     * "{sent},{dead-lettered},{latency HdrHistogram, compressed, base64}".
     */
    public static String latencySeconds(String runId) {
        return run(runId) + ":latency:seconds";
    }

    /** Consumed orders over time, one sample a second while the run goes: "epochMillis:consumed". */
    public static String timeline(String runId) {
        return run(runId) + ":timeline";
    }

    /** Every key of a run but its chunks and its hash, for deleting it. */
    public static List<String> perRun(String runId) {
        return List.of(next(runId), leases(runId), done(runId), attempts(runId), generated(runId), stats(runId),
                seen(runId), delivered(runId), recorded(runId), controls(runId), unrecorded(runId), latency(runId),
                latencySeconds(runId), timeline(runId), schedule(runId));
    }
}
