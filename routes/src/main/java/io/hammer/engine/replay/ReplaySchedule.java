package io.hammer.engine.replay;

import io.hammer.engine.pace.RateSegment;
import java.util.ArrayList;
import java.util.List;

import io.hammer.engine.run.InvalidRunException;

/**
 * When each replayed order is meant to be sent: its original distance from the first order
 * (Kafka record timestamps, in milliseconds), divided by the speed factor, in microseconds. A pacer
 * reads it from {@code hammer:run:{id}:schedule}. Never decreasing: when the replay's order (by
 * sequence number) and the timestamps disagree, an order waits for the one before it.
 */
public final class ReplaySchedule {
    /** No schedule: orders go as fast as the pipeline takes them. */
    static final double AS_FAST_AS_POSSIBLE = 0;

    private ReplaySchedule() {
    }

    /** "1", "10", "0.5" (times the recorded speed) or "max"; 0 or less is refused (it is not "max"). */
    public static double speed(String speed) {
        if (speed == null || speed.equalsIgnoreCase("max")) {
            return speed == null ? 1 : AS_FAST_AS_POSSIBLE;
        }
        try {
            double factor = Double.parseDouble(speed.endsWith("x") ? speed.substring(0, speed.length() - 1) : speed);
            if (factor > 0 && Double.isFinite(factor)) {
                return factor;
            }
        } catch (NumberFormatException e) {
            // fall through to the error
        }
        throw new InvalidRunException(400, "speed must be a positive factor (1, 10, 0.5) or max, was '" + speed + "'");
    }

    /** Intended send offsets in microseconds for orders recorded at {@code timestamps} (ms), in replay order. */
    static long[] offsets(long[] timestamps, double speed) {
        long[] offsets = new long[timestamps.length];
        long previous = 0;
        for (int i = 1; i < timestamps.length; i++) {
            long offset = Math.round((timestamps[i] - timestamps[0]) * 1000.0 / speed);
            previous = Math.max(previous, offset);
            offsets[i] = previous;
        }
        return offsets;
    }

    /** Window of the rate a replay follows by default: fine enough for bursts, coarse enough for the spec. */
    static final long WINDOW_MICROS = 100_000;
    static final int MAX_SEGMENTS = 1_000;

    /**
     * The rate that sends orders as they were recorded: the schedule's orders counted in windows of
     * 100 ms (wider for a recording so long that it would make more than 1,000 windows), each a
     * constant segment. Within a window orders are spread evenly; across windows the recorded
     * bursts and lulls are kept. Equal neighbours are merged.
     */
    static List<RateSegment> rate(long[] offsets) {
        long last = offsets.length == 0 ? 0 : offsets[offsets.length - 1];
        long window = Math.max(WINDOW_MICROS, (last / MAX_SEGMENTS / WINDOW_MICROS + 1) * WINDOW_MICROS);
        long[] counts = new long[(int) (last / window) + 1];
        for (long offset : offsets) {
            counts[(int) (offset / window)]++;
        }
        double seconds = window / 1e6;
        List<RateSegment> segments = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            int from = i;
            while (i + 1 < counts.length && counts[i + 1] == counts[from]) {
                i++;
            }
            segments.add(RateSegment.constant(counts[from] / seconds, seconds * (i - from + 1)));
        }
        return segments;
    }
}
