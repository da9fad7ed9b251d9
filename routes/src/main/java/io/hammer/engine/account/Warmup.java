package io.hammer.engine.account;

/**
 * A run's warm-up, measured and reported apart and kept out of its latency objectives: the orders
 * due in its first {@code seconds}.
 */
public record Warmup(double seconds, LatencySummary latency, LatencySummary serviceTime, LatencySummary sendDelay) {
}
