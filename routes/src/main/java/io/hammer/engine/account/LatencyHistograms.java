package io.hammer.engine.account;

import io.hammer.engine.pace.Workers;
import io.hammer.engine.run.RunKeys;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Per run, in microseconds, one HdrHistogram for each {@link Measure} of its orders (latency, service
 * time, send delay), apart for the warm-up and for the rest of the run. Each pod keeps its own and
 * publishes them whole to Redis every pace refresh (a field per series and pod, so publishing again is
 * harmless); a run's histogram is the sum of its pods', which is exact, unlike an average of percentiles.
 */
@Component("latencyHistograms")
public class LatencyHistograms {
    /** One hour: a longer latency is recorded as one hour (and the maximum says so). */
    static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);
    static final int SIGNIFICANT_DIGITS = 3;
    private static final String WARMUP = "@warmup";

    private final StringRedisTemplate redis;
    private final String worker;
    /** run -> series ({@link #series}) -> histogram */
    private final Map<String, Map<String, Histogram>> local = new ConcurrentHashMap<>();
    private final Set<String> changed = ConcurrentHashMap.newKeySet();

    @Autowired
    public LatencyHistograms(StringRedisTemplate redis, Workers workers) {
        this(redis, workers.id());
    }

    LatencyHistograms(StringRedisTemplate redis, String worker) {
        this.redis = redis;
        this.worker = worker;
    }

    /** Records one order's measure, in the run's warm-up or after it. */
    public void record(String run, Measure measure, boolean warmup, long nanos) {
        local.computeIfAbsent(run, r -> new ConcurrentHashMap<>())
                // Auto-resizing: a run's histograms take the memory their largest value needs, not an hour's worth.
                .computeIfAbsent(series(measure, warmup), s -> new ConcurrentHistogram(SIGNIFICANT_DIGITS))
                .recordValue(micros(nanos));
        changed.add(run);
    }

    static long micros(long nanos) {
        return Math.max(0, Math.min(HIGHEST_MICROS, TimeUnit.NANOSECONDS.toMicros(nanos)));
    }

    /**
     * Writes this pod's histograms of the runs that changed since the last call to Redis. Called by
     * the pace route every refresh rather than after every batch: encoding a histogram costs more
     * than a batch's other bookkeeping. A run ends only after its figures have stood still for
     * longer than a refresh, so its last samples are in by then.
     */
    public void publishChanged() {
        for (String run : List.copyOf(changed)) {
            changed.remove(run);
            publish(List.of(run));
        }
    }

    /** Writes this pod's histograms of these runs to Redis. */
    public void publish(Collection<String> runs) {
        for (String run : runs) {
            Map<String, Histogram> histograms = local.get(run);
            if (histograms != null) {
                Map<String, String> fields = new HashMap<>();
                histograms.forEach((series, histogram) -> fields.put(series + '|' + worker, encode(histogram.copy())));
                try {
                    redis.opsForHash().putAll(RunKeys.latency(run), fields);
                } catch (RuntimeException e) {
                    changed.add(run); // cumulative: the next refresh publishes these samples too
                    throw e;
                }
            }
        }
    }

    /** The run's latency after its warm-up, over every pod that delivered its orders. */
    public Histogram merged(String run) {
        return merged(run, Measure.LATENCY, false);
    }

    /** One measure of the run, over every pod, in its warm-up or after it. */
    public Histogram merged(String run, Measure measure, boolean warmup) {
        return all(run).get(measure, warmup);
    }

    /** Every measure of the run, over every pod, read from Redis in one go. */
    public Merged all(String run) {
        Map<String, Histogram> bySeries = new HashMap<>();
        redis.<String, String>opsForHash().entries(RunKeys.latency(run)).forEach((field, encoded) -> {
            int bar = field.lastIndexOf('|');
            if (bar > 0) {
                bySeries.computeIfAbsent(field.substring(0, bar), s -> empty()).add(decode(encoded));
            }
        });
        return new Merged(bySeries);
    }

    /** A run's histograms summed over its pods, by series. */
    public record Merged(Map<String, Histogram> bySeries) {
        public Histogram get(Measure measure, boolean warmup) {
            Histogram histogram = bySeries.get(series(measure, warmup));
            return histogram == null ? empty() : histogram;
        }
    }

    /** The pods that published figures of the run. */
    public Set<String> workers(String run) {
        Set<String> workers = new java.util.TreeSet<>();
        for (Object field : redis.opsForHash().keys(RunKeys.latency(run))) {
            String name = field.toString();
            workers.add(name.substring(name.lastIndexOf('|') + 1));
        }
        return workers;
    }

    private static String series(Measure measure, boolean warmup) {
        return warmup ? measure.key() + WARMUP : measure.key();
    }

    static Histogram empty() {
        return new Histogram(HIGHEST_MICROS, SIGNIFICANT_DIGITS);
    }

    static String encode(Histogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
    }

    static Histogram decode(String encoded) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(encoded)), 0);
        } catch (DataFormatException e) {
            throw new IllegalStateException("unreadable latency histogram in Redis", e);
        }
    }
}
