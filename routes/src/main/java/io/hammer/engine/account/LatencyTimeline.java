package io.hammer.engine.account;

import io.hammer.engine.pace.Workers;
import io.hammer.engine.run.RunKeys;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * A run second by second, by the second each order was sent (not when its batch ended, which made
 * the rate zig-zag): orders sent to the target, orders dead-lettered, and a latency HdrHistogram.
 * Each pod publishes its seconds to Redis every pace refresh ({@link RunKeys#latencySeconds}) and
 * keeps a second in memory only while orders sent in it may still end; the run's seconds are the
 * sum of its pods'. They make the run's HdrHistogram interval log ({@link #writeLog}).
 */
@Component("latencyTimeline")
public class LatencyTimeline {
    /** Two digits (1 %) are plenty for a timeline and keep a second's histogram small. */
    static final int SIGNIFICANT_DIGITS = 2;
    /**
     * A second untouched this long leaves memory, its figures in Redis: longer than an order can take
     * (HTTP timeout times attempts, or the FIX timeout). A later outcome re-reads it first.
     */
    private static final long KEEP_SECONDS = 120;

    private final StringRedisTemplate redis;
    private final String worker;
    private final Clock clock;
    private final Map<String, Map<Long, Second>> local = new ConcurrentHashMap<>();

    @Autowired
    public LatencyTimeline(StringRedisTemplate redis, Workers workers, Clock clock) {
        this(redis, workers.id(), clock);
    }

    LatencyTimeline(StringRedisTemplate redis, String worker, Clock clock) {
        this.redis = redis;
        this.worker = worker;
        this.clock = clock;
    }

    /**
     * @param atNanos when the order was sent (epoch nanos), or when it ended if it never was
     * @param sent    whether it reached the target (the rate at the target counts these)
     */
    public void record(String run, long atNanos, long latencyNanos, boolean sent, boolean deadLettered) {
        long second = Math.floorDiv(atNanos, 1_000_000_000L);
        long micros = LatencyHistograms.micros(latencyNanos);
        while (!second(run, second).record(micros, sent, deadLettered)) {
            // It left memory right then: a fresh one takes the outcome (and what the other wrote to Redis).
        }
    }

    /** The second, found or added while the run's entry is held, so that the publisher never drops a run being recorded into. */
    private Second second(String run, long second) {
        Second[] found = new Second[1];
        local.compute(run, (r, seconds) -> {
            Map<Long, Second> map = seconds == null ? new ConcurrentHashMap<>() : seconds;
            found[0] = map.computeIfAbsent(second, s -> new Second(s, clock.millis() / 1000));
            return map;
        });
        return found[0];
    }

    /** Writes the seconds that changed since the last call to Redis and lets go of those that are over. */
    public void publishChanged() {
        for (Map.Entry<String, Map<Long, Second>> run : local.entrySet()) {
            String key = RunKeys.latencySeconds(run.getKey());
            Map<String, String> fields = new HashMap<>();
            List<Second> written = new ArrayList<>();
            for (Second second : run.getValue().values()) {
                if (second.reload) {
                    Object earlier = redis.opsForHash().get(key, field(worker, second.second));
                    second.reload(earlier == null ? null : Figures.decode(second.second, earlier.toString()));
                }
                String encoded = second.takeChanged();
                if (encoded != null) {
                    fields.put(field(worker, second.second), encoded);
                    written.add(second);
                } else if (second.closeIfIdle()) {
                    run.getValue().remove(second.second, second);
                }
            }
            try {
                if (!fields.isEmpty()) {
                    redis.opsForHash().putAll(key, fields);
                }
            } catch (RuntimeException e) {
                written.forEach(Second::changedAgain);
                throw e;
            }
        }
        for (String run : List.copyOf(local.keySet())) {
            local.computeIfPresent(run, (r, seconds) -> seconds.isEmpty() ? null : seconds);
        }
    }

    /** Every second of the run, merged over its pods, oldest first. */
    public NavigableMap<Long, Figures> merged(String run) {
        NavigableMap<Long, Figures> seconds = new TreeMap<>();
        redis.<String, String>opsForHash().entries(RunKeys.latencySeconds(run))
                .forEach((field, value) -> merge(seconds, Figures.decode(secondOf(field), value)));
        return seconds;
    }

    /** The run's seconds from {@code from} to {@code to} (epoch seconds, both included), for live figures. */
    public NavigableMap<Long, Figures> merged(String run, Collection<String> workers, long from, long to) {
        List<String> fields = new ArrayList<>();
        for (String pod : workers) {
            for (long second = from; second <= to; second++) {
                fields.add(field(pod, second));
            }
        }
        NavigableMap<Long, Figures> seconds = new TreeMap<>();
        if (fields.isEmpty()) {
            return seconds;
        }
        List<String> values = redis.<String, String>opsForHash().multiGet(RunKeys.latencySeconds(run), fields);
        for (int i = 0; i < fields.size(); i++) {
            if (values.get(i) != null) {
                merge(seconds, Figures.decode(secondOf(fields.get(i)), values.get(i)));
            }
        }
        return seconds;
    }

    /**
     * The run's latency as an HdrHistogram interval log, one interval per second of sending, values in
     * microseconds: what HdrHistogram's HistogramLogProcessor and HistogramLogReader read.
     */
    public void writeLog(String run, OutputStream out) {
        NavigableMap<Long, Figures> seconds = merged(run);
        PrintStream print = new PrintStream(out, false, StandardCharsets.UTF_8);
        HistogramLogWriter log = new HistogramLogWriter(print);
        log.outputComment("Hammer run " + run + ": latency from the intended send time (microseconds), by second of sending, over every pod");
        log.outputLogFormatVersion();
        if (!seconds.isEmpty()) {
            long base = seconds.firstKey() * 1000;
            log.setBaseTime(base);
            log.outputStartTime(base);
            log.outputBaseTime(base);
        }
        log.outputLegend();
        seconds.values().forEach(second -> {
            Histogram interval = second.latency();
            interval.setStartTimeStamp(second.second() * 1000);
            interval.setEndTimeStamp((second.second() + 1) * 1000);
            log.outputIntervalHistogram(interval);
        });
        print.flush();
    }

    private static void merge(NavigableMap<Long, Figures> seconds, Figures figures) {
        seconds.merge(figures.second(), figures, Figures::plus);
    }

    private static String field(String pod, long second) {
        return pod + '|' + second;
    }

    private static long secondOf(String field) {
        return Long.parseLong(field.substring(field.lastIndexOf('|') + 1));
    }

    /**
     * One second of a run: orders sent in it, those of them dead-lettered, and their latency (µs).
     *
     * @param second epoch second
     */
    public record Figures(long second, long sent, long deadLettered, Histogram latency) {
        Figures plus(Figures other) {
            Histogram sum = newHistogram();
            sum.add(latency);
            sum.add(other.latency);
            return new Figures(second, sent + other.sent, deadLettered + other.deadLettered, sum);
        }

        String encode() {
            return sent + "," + deadLettered + "," + LatencyHistograms.encode(latency);
        }

        static Figures decode(long second, String value) {
            String[] parts = value.split(",", 3);
            return new Figures(second, Long.parseLong(parts[0]), Long.parseLong(parts[1]), LatencyHistograms.decode(parts[2]));
        }
    }

    private static Histogram newHistogram() {
        return new Histogram(SIGNIFICANT_DIGITS); // auto-resizing: as large as the second's largest value needs
    }

    /** This pod's figures of one second, changed by outcomes, taken by the publisher. */
    private static final class Second {
        final long second;
        private final Histogram latency = newHistogram();
        private long sent;
        private long deadLettered;
        private boolean changed;
        private long lastRecordNanos = System.nanoTime();
        /** Out of memory: it takes no more outcomes (a new one does). */
        private boolean closed;
        /**
         * The second may have left memory before (it is older than a second is kept idle): its figures in
         * Redis, if any, are added before it is written again.
         */
        volatile boolean reload;

        Second(long second, long nowSecond) {
            this.second = second;
            this.reload = nowSecond - second > KEEP_SECONDS / 2;
        }

        /** @return false when the second has left memory and took nothing */
        synchronized boolean record(long micros, boolean sentToTarget, boolean failed) {
            if (closed) {
                return false;
            }
            latency.recordValue(micros);
            sent += sentToTarget ? 1 : 0;
            deadLettered += failed ? 1 : 0;
            changed = true;
            lastRecordNanos = System.nanoTime();
            return true;
        }

        /** The encoded figures if they changed since the last call, else null. */
        synchronized String takeChanged() {
            if (!changed) {
                return null;
            }
            changed = false;
            return new Figures(second, sent, deadLettered, latency).encode();
        }

        synchronized void changedAgain() {
            changed = true;
        }

        synchronized void reload(Figures earlier) {
            if (earlier != null) {
                latency.add(earlier.latency());
                sent += earlier.sent();
                deadLettered += earlier.deadLettered();
            }
            reload = false;
        }

        /** Closes the second if it is written out and has been idle longer than a second is kept. */
        synchronized boolean closeIfIdle() {
            closed = !changed && System.nanoTime() - lastRecordNanos > KEEP_SECONDS * 1_000_000_000L;
            return closed;
        }
    }
}
