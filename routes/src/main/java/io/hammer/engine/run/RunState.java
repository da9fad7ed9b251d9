package io.hammer.engine.run;

import java.util.Set;

/** Lifecycle of a run as every pod sees it in Redis. */
public enum RunState {
    /** Orders are being written to Redis. */
    LOADING,
    /** Producers publish, consumers deliver. */
    RUNNING,
    /** Held by a user: producers claim nothing, consumers send nothing, the schedule waits. */
    PAUSED,
    /** Every order is in Kafka; consumers deliver what is left. */
    DRAINING,
    /** Every order has an outcome; the summary is stored. */
    DONE,
    /** Stopped by a user: orders not yet produced are abandoned, those in Kafka are dead-lettered as aborted. */
    ABORTED,
    /** Loading failed; the run holds no usable orders. */
    FAILED,
    /** Being deleted (DELETE /api/runs/{id}, prune); a run left here by a failure is deleted again. */
    DELETING;

    /** States a run may be deleted from: it has ended (an aborted run once its summary is stored). */
    public static final Set<RunState> ENDED = Set.of(DONE, ABORTED, FAILED, DELETING);

    /** States in which consumers deliver the run's orders. */
    public static final Set<RunState> DELIVERING = Set.of(RUNNING, DRAINING);

    public static RunState of(String name) {
        return name == null ? null : valueOf(name);
    }
}
