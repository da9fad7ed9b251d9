package io.hammer.engine.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hammer.engine.run.RunKeys;
import io.hammer.engine.run.RunStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A finished run's Prometheus series leave the scrape once its grace period is over, not before; a running run's stay. */
class MetricsRetentionTest extends RedisTestSupport {
    @Test
    void seriesOfARunFinishedLongerAgoThanTheGraceAreDropped() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Metrics metrics = new Metrics(registry);
        RunStore store = new RunStore(redis.template(), new ObjectMapper(), Clock.systemUTC());
        MetricsRetention retention = new MetricsRetention(metrics, store, Clock.systemUTC(), Duration.ofMinutes(10));
        long now = System.currentTimeMillis();
        String old = "old-" + System.nanoTime();
        String recent = "recent-" + System.nanoTime();
        String running = "running-" + System.nanoTime();
        String deleted = "deleted-" + System.nanoTime();
        finished(old, now - Duration.ofMinutes(11).toMillis());
        finished(recent, now - Duration.ofMinutes(9).toMillis());
        redis.template().opsForHash().put(RunKeys.run(running), "state", "RUNNING");
        for (String run : new String[] {old, recent, running, deleted}) {
            metrics.delivered(run, 10);
            metrics.deadLettered(run, "rejected", 1);
            metrics.timing(run, Measure.SERVICE_TIME, Duration.ofMillis(2));
        }

        retention.sweep();

        String scrape = registry.scrape();
        assertThat(scrape).doesNotContain("run=\"" + old + "\"").doesNotContain("run=\"" + deleted + "\"")
                .contains("hammer_orders_delivered_total{run=\"" + recent + "\"}")
                .contains("hammer_service_time_seconds_count{run=\"" + running + "\"}");
        assertThat(metrics.runs()).containsExactlyInAnyOrder(recent, running);
        // A late outcome of a dropped run counts afresh rather than into a meter the registry no longer has.
        metrics.delivered(old, 1);
        assertThat(registry.find("hammer.orders.delivered").tag("run", old).counter().count()).isEqualTo(1);
    }

    private static void finished(String run, long finishedAt) {
        redis.template().opsForHash().putAll(RunKeys.run(run), Map.of("state", "DONE", "finishedAt", Long.toString(finishedAt)));
    }
}
