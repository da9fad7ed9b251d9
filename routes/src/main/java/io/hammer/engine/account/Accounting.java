package io.hammer.engine.account;

import io.hammer.engine.run.RunKeys;
import io.hammer.engine.run.RunStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.stereotype.Component;

/**
 * Run-wide accounting of the deliver stage in Redis. Sequence bitmaps tell first outcomes from
 * duplicates (an order seen again after a consumer restart or a re-sent chunk): duplicates are
 * counted, never hidden. When Redis is away the figures wait in memory and go with the next batch.
 */
@Component
public class Accounting {
    private static final Logger log = LoggerFactory.getLogger(Accounting.class);

    private final RunStore store;
    private final Metrics metrics;
    private final Tally owed = new Tally();

    public Accounting(RunStore store, Metrics metrics) {
        this.store = store;
        this.metrics = metrics;
    }

    public void record(Tally batch) {
        batch.runs().forEach(this::toMetrics);
        synchronized (owed) {
            owed.add(batch);
            try {
                write(owed);
                owed.clear();
            } catch (RuntimeException e) {
                log.error("Could not record delivery figures in Redis; keeping them for the next batch: {}", e.toString());
            }
        }
    }

    private void toMetrics(String run, Tally.RunTally tally) {
        metrics.consumed(run, tally.consumed);
        metrics.delivered(run, tally.delivered);
        tally.deadLettered.forEach((reason, n) -> metrics.deadLettered(run, reason, n));
        metrics.consumerErrors(run, tally.consumerErrors);
        metrics.submitted(run, tally.submitted);
    }

    private void write(Tally tally) {
        for (Map.Entry<String, Tally.RunTally> entry : tally.runs().entrySet()) {
            String run = entry.getKey();
            Tally.RunTally t = entry.getValue();
            long repeatedOutcomes = countSet(setBits(RunKeys.seen(run), t.seenSeqs));
            long repeatedDeliveries = countSet(setBits(RunKeys.delivered(run), t.deliveredSeqs));
            byte[] stats = bytes(RunKeys.stats(run));
            store.pipeline(connection -> {
                increment(connection, stats, "consumed", t.consumed);
                increment(connection, stats, "delivered", t.delivered);
                increment(connection, stats, "deadLettered", t.deadLetteredTotal());
                t.deadLettered.forEach((reason, n) -> increment(connection, stats, "deadLettered:" + reason, n));
                increment(connection, stats, "duplicates", repeatedOutcomes);
                increment(connection, stats, "duplicateDeliveries", repeatedDeliveries);
                increment(connection, stats, "consumerErrors", t.consumerErrors);
                increment(connection, stats, "submitted", t.submitted);
            });
        }
    }

    /** Sets one bit per sequence number; each result is the bit's old value. */
    private List<Object> setBits(String key, List<Long> seqs) {
        if (seqs.isEmpty()) {
            return List.of();
        }
        byte[] bitmap = bytes(key);
        return store.pipeline(connection -> seqs.forEach(seq -> connection.stringCommands().setBit(bitmap, seq, true)));
    }

    private static long countSet(List<Object> oldBits) {
        return oldBits.stream().filter(Boolean.TRUE::equals).count();
    }

    private static void increment(RedisConnection connection, byte[] key, String field, long n) {
        if (n != 0) {
            connection.hashCommands().hIncrBy(key, bytes(field), n);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
