package io.hammer.engine.account;

import io.hammer.engine.pace.Workers;
import io.hammer.engine.run.RunKeys;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Delivery latency per run, in microseconds from each order's intended send time to its outcome.
 * Each pod keeps one HdrHistogram per run and publishes it whole to Redis every pace refresh (a
 * field per pod, so publishing again is harmless); a run's latency is the sum of its pods'
 * histograms, which is exact, unlike an average of percentiles.
 */
@Component("latencyHistograms")
public class LatencyHistograms {
    /** One hour: a longer latency is recorded as one hour (and the maximum says so). */
    static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);
    static final int SIGNIFICANT_DIGITS = 3;

    private final StringRedisTemplate redis;
    private final String worker;
    private final Map<String, Histogram> local = new ConcurrentHashMap<>();
    private final Set<String> changed = ConcurrentHashMap.newKeySet();

    @Autowired
    public LatencyHistograms(StringRedisTemplate redis, Workers workers) {
        this(redis, workers.id());
    }

    LatencyHistograms(StringRedisTemplate redis, String worker) {
        this.redis = redis;
        this.worker = worker;
    }

    public void record(String run, long latencyNanos) {
        long micros = Math.max(0, Math.min(HIGHEST_MICROS, TimeUnit.NANOSECONDS.toMicros(latencyNanos)));
        local.computeIfAbsent(run, r -> new ConcurrentHistogram(HIGHEST_MICROS, SIGNIFICANT_DIGITS)).recordValue(micros);
        changed.add(run);
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
            Histogram histogram = local.get(run);
            if (histogram != null) {
                try {
                    redis.opsForHash().put(RunKeys.latency(run), worker, encode(histogram.copy()));
                } catch (RuntimeException e) {
                    changed.add(run); // cumulative: the next refresh publishes these samples too
                    throw e;
                }
            }
        }
    }

    /** The run's latency over every pod that delivered its orders. */
    public Histogram merged(String run) {
        Histogram merged = empty();
        for (Object encoded : redis.opsForHash().values(RunKeys.latency(run))) {
            merged.add(decode(encoded.toString()));
        }
        return merged;
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
