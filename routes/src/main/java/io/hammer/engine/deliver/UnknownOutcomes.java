package io.hammer.engine.deliver;

import io.hammer.engine.HammerProperties;
import io.hammer.engine.pace.Workers;
import io.hammer.engine.run.RunKeys;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Orders this engine sent whose outcomes are not in Redis yet, per run, as an upper bound kept in Redis
 * ({@link RunKeys#unrecorded}, one field per engine): if the engine dies, those orders are read again
 * and sent again, and the target may have got them twice without Hammer knowing. The bound is
 * reserved before the sends, a block at a time (one Redis write per block, not per order), and
 * trimmed back on the pace route's beat; an engine that stops gracefully clears its field. What is
 * left in the hash when a run ends is the dead engines' residual: the run summary's bound on unseen
 * duplicates.
 */
@Component
public class UnknownOutcomes {
    private static final Logger log = LoggerFactory.getLogger(UnknownOutcomes.class);

    private static final class Count {
        long unrecorded;
        long reserved;
    }

    private final StringRedisTemplate redis;
    private final String worker;
    private final long block;
    private final Map<String, Count> runs = new ConcurrentHashMap<>();
    /** After a failed write, no reservation is tried for a second: sends must not wait on an absent Redis. */
    private volatile long retryAfterNanos;

    public UnknownOutcomes(StringRedisTemplate redis, Workers workers, HammerProperties properties) {
        this.redis = redis;
        this.worker = workers.id();
        this.block = Math.max(16, properties.consumer().maxInFlight());
    }

    /** Before an order is sent: makes sure the bound in Redis covers it. */
    public void sending(String run) {
        Count count = runs.computeIfAbsent(run, r -> new Count());
        synchronized (count) {
            count.unrecorded++;
            if (count.unrecorded > count.reserved && System.nanoTime() - retryAfterNanos >= 0) {
                try {
                    redis.opsForHash().increment(RunKeys.unrecorded(run), worker, block);
                    count.reserved += block;
                } catch (RuntimeException e) {
                    // Redis away: the order goes anyway (its outcome waits for Redis too); the bound may fall
                    // short until a trim writes it again.
                    retryAfterNanos = System.nanoTime() + 1_000_000_000L;
                    log.warn("Could not reserve the unknown-outcome bound of run {}: {}", run, e.toString());
                }
            }
        }
    }

    /** After outcomes are in Redis. */
    public void recorded(String run, long orders) {
        Count count = runs.get(run);
        if (count != null) {
            synchronized (count) {
                count.unrecorded -= orders;
            }
        }
    }

    /** Trims each run's reservation back to what is unrecorded (dropping it at 0); the pace route's beat. */
    public void trim() {
        runs.forEach((run, count) -> {
            synchronized (count) {
                if (count.reserved == count.unrecorded) {
                    return;
                }
                try {
                    if (count.unrecorded <= 0) {
                        redis.opsForHash().delete(RunKeys.unrecorded(run), worker);
                    } else {
                        redis.opsForHash().put(RunKeys.unrecorded(run), worker, Long.toString(count.unrecorded));
                    }
                    count.reserved = Math.max(0, count.unrecorded);
                } catch (RuntimeException e) {
                    log.debug("Could not trim the unknown-outcome bound of run {}: {}", run, e.toString());
                }
            }
        });
    }
}
