package io.hammer.engine.pace;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations;
import org.springframework.stereotype.Component;

/**
 * The consumer pods serving runs, as Redis sees them: each live consumer renews a heartbeat every
 * pace refresh, and one that stops (scaled down, crashed, or its consume route stopped) drops out
 * after {@link #TTL_MILLIS}. A run's rate is split evenly among them.
 */
@Component
public class Workers {
    static final String CONSUMERS = "hammer:workers:consumer";
    static final long TTL_MILLIS = 3_000;

    private final StringRedisTemplate redis;
    private final CamelContext camel;
    private final Clock clock;
    /** Unique per engine instance: the pod name on Kubernetes, and a random suffix for local mode's several engines in one JVM. */
    private final String id;

    public Workers(StringRedisTemplate redis, CamelContext camel, Clock clock) {
        this.redis = redis;
        this.camel = camel;
        this.clock = clock;
        this.id = Objects.requireNonNullElse(System.getenv("HOSTNAME"), "local") + "-"
                + HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
    }

    public String id() {
        return id;
    }

    /** Renews this pod's heartbeat while its consume route runs, withdraws it otherwise; returns the live consumers. */
    public long heartbeat() {
        long now = clock.millis();
        if (camel.getRouteController().getRouteStatus("consume") == ServiceStatus.Started) {
            redis.opsForZSet().add(CONSUMERS, id, now + TTL_MILLIS);
        } else {
            redis.opsForZSet().remove(CONSUMERS, id);
        }
        redis.opsForZSet().removeRangeByScore(CONSUMERS, Double.NEGATIVE_INFINITY, now);
        Long live = redis.opsForZSet().zCard(CONSUMERS);
        return live == null ? 0 : live;
    }

    /** The live consumers, each with the time its heartbeat runs out. */
    public Map<String, Instant> live() {
        Map<String, Instant> consumers = new LinkedHashMap<>();
        Set<ZSetOperations.TypedTuple<String>> live = redis.opsForZSet()
                .rangeByScoreWithScores(CONSUMERS, clock.millis(), Double.POSITIVE_INFINITY);
        if (live != null) {
            live.forEach(t -> consumers.put(t.getValue(), Instant.ofEpochMilli(t.getScore().longValue())));
        }
        return consumers;
    }
}
