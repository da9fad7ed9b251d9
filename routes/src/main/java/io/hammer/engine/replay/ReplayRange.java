package io.hammer.engine.replay;

import io.hammer.engine.run.InvalidRunException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeMap;

/** Which messages of the topic to replay: exactly one of the three forms. */
public sealed interface ReplayRange {

    /** Hammer sequence numbers {@code from..to}, inclusive, of one run. */
    record Sequences(long from, long to) implements ReplayRange {
        @Override
        public String toString() {
            return "sequences " + from + "-" + to;
        }
    }

    /** Offsets {@code from..to}, inclusive, per partition. */
    record Offsets(Map<Integer, long[]> byPartition) implements ReplayRange {
        @Override
        public String toString() {
            StringBuilder text = new StringBuilder("offsets ");
            byPartition.forEach((p, r) -> text.append(text.length() > 8 ? "," : "").append(p).append(':').append(r[0]).append('-').append(r[1]));
            return text.toString();
        }
    }

    /** Record timestamps in {@code [from, to)}. */
    record Window(Instant from, Instant to) implements ReplayRange {
        @Override
        public String toString() {
            return "window " + from + "/" + to;
        }
    }

    /**
     * @param sequences "n-m"
     * @param offsets   "partition:n-m,partition:n-m"
     * @param window    "instant/instant" (ISO 8601)
     */
    static ReplayRange parse(String sequences, String offsets, String window) {
        int given = (sequences != null ? 1 : 0) + (offsets != null ? 1 : 0) + (window != null ? 1 : 0);
        if (given != 1) {
            throw bad("give exactly one of sequences (n-m), offsets (partition:n-m,...) or window (from/to, ISO 8601)");
        }
        if (sequences != null) {
            long[] range = span(sequences, "sequences");
            if (range[0] < 1) {
                throw bad("sequences start at 1, not " + range[0]);
            }
            return new Sequences(range[0], range[1]);
        }
        if (offsets != null) {
            Map<Integer, long[]> byPartition = new TreeMap<>();
            for (String part : offsets.split(",")) {
                String[] pair = part.trim().split(":", 2);
                if (pair.length != 2) {
                    throw bad("offsets: expected partition:from-to, was '" + part.trim() + "'");
                }
                int partition = (int) number(pair[0], "offsets partition");
                long[] range = span(pair[1], "offsets of partition " + partition);
                if (range[0] < 0 || byPartition.put(partition, range) != null) {
                    throw bad("offsets: partition " + partition + " given twice or with a negative offset");
                }
            }
            return new Offsets(byPartition);
        }
        String[] ends = window.split("/", 2);
        try {
            Instant from = Instant.parse(ends[0].trim());
            Instant to = Instant.parse(ends.length == 2 ? ends[1].trim() : "");
            if (!to.isAfter(from)) {
                throw bad("window: the end must be after the start");
            }
            return new Window(from, to);
        } catch (DateTimeParseException e) {
            throw bad("window: expected two ISO 8601 instants, from/to (2026-01-01T00:00:00Z/2026-01-01T00:05:00Z), was '" + window + "'");
        }
    }

    private static long[] span(String text, String what) {
        String[] ends = text.trim().split("-", 2);
        if (ends.length != 2) {
            throw bad(what + ": expected from-to, was '" + text.trim() + "'");
        }
        long from = number(ends[0], what);
        long to = number(ends[1], what);
        if (to < from) {
            throw bad(what + ": " + from + "-" + to + " ends before it starts");
        }
        return new long[] {from, to};
    }

    private static long number(String text, String what) {
        try {
            return Long.parseLong(text.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw bad(what + ": '" + text.trim() + "' is not a number");
        }
    }

    private static InvalidRunException bad(String message) {
        return new InvalidRunException(400, message);
    }
}
