package io.hammer.engine.local;

import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Redis memory a run takes, for the bench: {@code used_memory} (INFO memory) sampled every 100 ms
 * while the run goes, above what the server used before it. Sampled here because the server's own
 * {@code used_memory_peak} is since its start and cannot be reset.
 */
final class RedisMemory implements AutoCloseable {
    private final StringRedisTemplate redis;
    private final long before;
    private final AtomicLong peak = new AtomicLong();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "redis-memory");
        thread.setDaemon(true);
        return thread;
    });

    RedisMemory(StringRedisTemplate redis) {
        this.redis = redis;
        this.before = used();
        peak.set(before);
        sampler.scheduleAtFixedRate(() -> peak.accumulateAndGet(used(), Math::max), 100, 100, TimeUnit.MILLISECONDS);
    }

    /** Prints {@code <name>_redis_peak_mb} (while the run went) and {@code <name>_redis_kept_mb} (now), above the start. */
    void report(String name) {
        close();
        long now = used();
        System.out.printf("%s_redis_peak_mb=%.1f%n%s_redis_kept_mb=%.1f%n", name, mb(Math.max(peak.get(), now) - before),
                name, mb(now - before));
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }

    private long used() {
        Properties info = redis.execute((RedisCallback<Properties>) connection -> connection.serverCommands().info("memory"));
        return info == null ? 0 : Long.parseLong(info.getProperty("used_memory", "0"));
    }

    private static double mb(long bytes) {
        return bytes / 1_048_576.0;
    }
}
