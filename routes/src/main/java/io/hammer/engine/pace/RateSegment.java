package io.hammer.engine.pace;

import java.util.ArrayList;
import java.util.List;

/**
 * One piece of a run's rate profile, in orders per second at the target:
 * <ul>
 * <li>{@code {"type":"constant","perSecond":500,"seconds":30}}; without {@code seconds} it lasts to the end of the run;</li>
 * <li>{@code {"type":"ramp","from":100,"to":2000,"seconds":60}}: linear;</li>
 * <li>{@code {"type":"steps","from":500,"to":2000,"steps":4,"seconds":120}}: equal steps from {@code from} to {@code to}.</li>
 * </ul>
 * Times are relative to the segment's start. {@link #count(double)} is the exact number of orders
 * due by time t (the integral of the rate), and {@link #timeOf(double)} its inverse.
 */
public record RateSegment(String type, Double perSecond, Double from, Double to, Integer steps, Double seconds) {
    public static final double MAX_RATE = 10_000_000;

    public static RateSegment constant(double perSecond, Double seconds) {
        return new RateSegment("constant", perSecond, null, null, null, seconds);
    }

    public static RateSegment ramp(double from, double to, double seconds) {
        return new RateSegment("ramp", null, from, to, null, seconds);
    }

    public static RateSegment steps(double from, double to, int steps, double seconds) {
        return new RateSegment("steps", null, from, to, steps, seconds);
    }

    /** Problems with the segment, empty when usable; {@code where} names it in messages. */
    public List<String> problems(String where) {
        List<String> problems = new ArrayList<>();
        switch (type == null ? "" : type) {
            case "constant" -> rate(problems, where + ".perSecond", perSecond);
            case "ramp", "steps" -> {
                rate(problems, where + ".from", from);
                rate(problems, where + ".to", to);
                if (seconds == null) {
                    problems.add(where + ".seconds is required for a " + type);
                }
                if ("steps".equals(type) && (steps == null || steps < 1 || steps > 10_000)) {
                    problems.add(where + ".steps must be between 1 and 10000");
                }
            }
            default -> problems.add(where + ".type must be constant, ramp or steps, was " + type);
        }
        if (seconds != null && !(seconds > 0 && seconds <= 30 * 24 * 3600)) {
            problems.add(where + ".seconds must be > 0 and at most 30 days");
        }
        return problems;
    }

    private static void rate(List<String> problems, String field, Double rate) {
        if (rate == null || !(rate >= 0 && rate <= MAX_RATE)) {
            problems.add(field + " must be between 0 and " + (long) MAX_RATE + " orders per second");
        }
    }

    public double duration() {
        return seconds == null ? Double.POSITIVE_INFINITY : seconds;
    }

    /** The rate at time t of this segment. */
    public double rateAt(double t) {
        return switch (type) {
            case "constant" -> perSecond;
            case "ramp" -> from + (to - from) * Math.min(t, seconds) / seconds;
            default -> stepRate(Math.min(steps - 1, (int) Math.floor(t / stepLength())));
        };
    }

    /** Orders due between the segment's start and time t. */
    public double count(double t) {
        return switch (type) {
            case "constant" -> perSecond * t;
            case "ramp" -> from * t + (to - from) * t * t / (2 * seconds);
            default -> {
                int whole = Math.min(steps - 1, (int) Math.floor(t / stepLength()));
                double due = 0;
                for (int i = 0; i < whole; i++) {
                    due += stepRate(i) * stepLength();
                }
                yield due + stepRate(whole) * (t - whole * stepLength());
            }
        };
    }

    /** The time at which {@code count} orders are due; infinite if never (a zero rate). */
    public double timeOf(double count) {
        return switch (type) {
            case "constant" -> perSecond > 0 ? count / perSecond : Double.POSITIVE_INFINITY;
            case "ramp" -> {
                // Root of (to-from)/(2s) t^2 + from t - count = 0, written to stay exact when to == from.
                double a = (to - from) / (2 * seconds);
                double discriminant = from * from + 4 * a * count;
                double root = Math.sqrt(Math.max(0, discriminant));
                yield from + root > 0 ? 2 * count / (from + root) : Double.POSITIVE_INFINITY;
            }
            default -> {
                double remaining = count;
                for (int i = 0; i < steps; i++) {
                    double inStep = stepRate(i) * stepLength();
                    if (remaining <= inStep || i == steps - 1) {
                        yield stepRate(i) > 0 ? i * stepLength() + remaining / stepRate(i) : Double.POSITIVE_INFINITY;
                    }
                    remaining -= inStep;
                }
                yield Double.POSITIVE_INFINITY;
            }
        };
    }

    /** The rate the segment ends with, which holds after it when it is the last. */
    public double finalRate() {
        return "constant".equals(type) ? perSecond : to;
    }

    private double stepLength() {
        return seconds / steps;
    }

    private double stepRate(int step) {
        return steps == 1 ? from : from + (to - from) * step / (steps - 1);
    }
}
