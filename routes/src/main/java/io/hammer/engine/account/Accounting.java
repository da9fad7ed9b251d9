package io.hammer.engine.account;

import io.hammer.engine.run.RunStore;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.StringJoiner;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Run-wide accounting of the deliver stage in Redis. Sequence bitmaps tell first outcomes from
 * duplicates (an order seen again after a consumer restart or a re-sent chunk): duplicates are
 * counted, never hidden. When Redis is away the batches' figures wait in memory, in order, and go
 * with the next batch; each keeps its write id, so a write that Redis ran but whose reply was lost
 * is not counted twice when it is sent again.
 */
@Component
public class Accounting {
    private static final Logger log = LoggerFactory.getLogger(Accounting.class);

    private final RunStore store;
    private final Metrics metrics;
    private final Deque<Owed> owed = new ArrayDeque<>();

    public Accounting(RunStore store, Metrics metrics) {
        this.store = store;
        this.metrics = metrics;
    }

    /**
     * Records a batch's outcomes, and any still owed from earlier batches.
     *
     * @return true when every outcome so far is in Redis, so that offsets may be committed
     */
    public boolean record(Tally batch) {
        batch.runs().forEach(this::toMetrics);
        synchronized (owed) {
            owed.addLast(new Owed(UUID.randomUUID().toString(), batch));
            try {
                while (!owed.isEmpty()) {
                    write(owed.peekFirst());
                    owed.removeFirst();
                }
                return true;
            } catch (RuntimeException e) {
                log.error("Could not record delivery figures in Redis; keeping {} batches for the next one: {}", owed.size(), e.toString());
                return false;
            }
        }
    }

    /** True when no outcome waits to be written to Redis. */
    public boolean settled() {
        synchronized (owed) {
            return owed.isEmpty();
        }
    }

    private void toMetrics(String run, Tally.RunTally tally) {
        metrics.consumed(run, tally.consumed);
        metrics.delivered(run, tally.delivered);
        tally.deadLettered.forEach((reason, n) -> metrics.deadLettered(run, reason, n));
        metrics.consumerErrors(run, tally.consumerErrors);
        metrics.submitted(run, tally.submitted);
    }

    private void write(Owed write) {
        write.tally().runs().forEach((run, t) -> {
            StringJoiner counters = new StringJoiner(",");
            counter(counters, "consumed", t.consumed);
            counter(counters, "delivered", t.delivered);
            counter(counters, "deadLettered", t.deadLetteredTotal());
            t.deadLettered.forEach((reason, n) -> counter(counters, "deadLettered:" + reason, n));
            counter(counters, "consumerErrors", t.consumerErrors);
            counter(counters, "submitted", t.submitted);
            store.recordOutcomes(run, write.id(), counters.toString(), join(t.seenSeqs), join(t.deliveredSeqs));
        });
    }

    private static void counter(StringJoiner counters, String field, long n) {
        if (n != 0) {
            counters.add(field + "=" + n);
        }
    }

    private static String join(List<Long> seqs) {
        StringJoiner joined = new StringJoiner(",");
        seqs.forEach(seq -> joined.add(seq.toString()));
        return joined.toString();
    }

    /** One batch's outcomes not yet in Redis, with the id its write is applied under. */
    private record Owed(String id, Tally tally) {
    }
}
