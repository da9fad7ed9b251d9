package io.hammer.engine.account;

import org.HdrHistogram.Histogram;

/** Percentiles of one {@link Measure} of a run's orders (latency, service time or send delay) in milliseconds, over every pod. */
public record LatencySummary(long count, double p50, double p90, double p99, double p999, double p9999, double max) {

    static LatencySummary of(Histogram micros) {
        return new LatencySummary(micros.getTotalCount(), ms(micros.getValueAtPercentile(50)),
                ms(micros.getValueAtPercentile(90)), ms(micros.getValueAtPercentile(99)),
                ms(micros.getValueAtPercentile(99.9)), ms(micros.getValueAtPercentile(99.99)), ms(micros.getMaxValue()));
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }

    /** A figure as people write it: 10 rather than 10.0, 0.5 as it is. */
    static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
