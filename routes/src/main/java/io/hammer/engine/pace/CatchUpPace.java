package io.hammer.engine.pace;

import io.hammer.engine.run.CatchUp;

/**
 * When a pod's next order may go out: at its intended time, or, when the pod is behind schedule, no
 * sooner than {@code 1 / (maxFactor x rate)} after the previous send, so that after a stall the backlog
 * drains at most {@code maxFactor} times the pod's share of the rate (unbounded: at once). On schedule
 * the slots are {@code 1 / rate} apart and the bound never bites. Only the send moves: latency still
 * counts from the intended time.
 */
final class CatchUpPace {
    private final Double maxFactor;
    private long lastSendNanos = Long.MIN_VALUE;

    CatchUpPace(CatchUp policy) {
        this.maxFactor = (policy == null ? CatchUp.DEFAULT : policy).maxFactor();
    }

    /**
     * @param intendedNanos the order's intended send time
     * @param ratePerSecond the pod's share of the rate at that time
     * @param nowNanos      the time now: an order behind schedule goes no sooner than now
     * @return when the order goes: its intended time, now, or later when the previous send was too recent
     */
    synchronized long sendAt(long intendedNanos, double ratePerSecond, long nowNanos) {
        long sendAt = Math.max(intendedNanos, nowNanos);
        if (maxFactor != null && ratePerSecond > 0 && lastSendNanos != Long.MIN_VALUE) {
            long gap = (long) (1e9 / (maxFactor * ratePerSecond));
            sendAt = Math.max(sendAt, lastSendNanos + gap);
        }
        lastSendNanos = Math.max(lastSendNanos, sendAt);
        return sendAt;
    }
}
