package io.hammer.engine.run;

/** Lifecycle of a run as every pod sees it in Redis. */
public enum RunState {
    /** Orders are being written to Redis. */
    LOADING,
    /** Producers publish, consumers deliver. */
    RUNNING,
    /** Every order has an outcome; the summary is stored. */
    DONE,
    /** Loading failed; the run holds no usable orders. */
    FAILED
}
