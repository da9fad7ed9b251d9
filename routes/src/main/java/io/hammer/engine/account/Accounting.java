package io.hammer.engine.account;

import io.hammer.engine.run.RunStore;
import java.util.List;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
        tally.runs().forEach((run, t) -> {
            StringJoiner counters = new StringJoiner(",");
            counter(counters, "consumed", t.consumed);
            counter(counters, "delivered", t.delivered);
            counter(counters, "deadLettered", t.deadLetteredTotal());
            t.deadLettered.forEach((reason, n) -> counter(counters, "deadLettered:" + reason, n));
            counter(counters, "consumerErrors", t.consumerErrors);
            counter(counters, "submitted", t.submitted);
            store.recordOutcomes(run, counters.toString(), join(t.seenSeqs), join(t.deliveredSeqs));
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
}
