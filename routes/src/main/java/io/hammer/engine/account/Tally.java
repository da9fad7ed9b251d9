package io.hammer.engine.account;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Outcomes of a batch of orders, per run, as the consumer saw them; recorded in one go. */
public final class Tally {
    private final Map<String, RunTally> runs = new HashMap<>();

    public synchronized void delivered(String run, Long seq, int attempts) {
        RunTally tally = run(run);
        tally.delivered++;
        tally.submitted += attempts;
        tally.consumerErrors += attempts - 1;
        if (seq != null && seq > 0) {
            tally.deliveredSeqs.add(seq);
            tally.seenSeqs.add(seq);
        }
    }

    /** @param submitted requests that reached the HTTP client (0 for an order that failed validation) */
    public synchronized void deadLettered(String run, Long seq, String reason, int submitted) {
        RunTally tally = run(run);
        tally.deadLettered.merge(reason, 1L, Long::sum);
        tally.submitted += submitted;
        tally.consumerErrors += submitted;
        if (seq != null && seq > 0) {
            tally.seenSeqs.add(seq);
        }
    }

    /** Orders taken off Kafka, counted independently of their outcomes so that the two can be compared. */
    public synchronized void consumed(String run) {
        run(run).consumed++;
    }

    public synchronized Map<String, RunTally> runs() {
        return Map.copyOf(runs);
    }

    public synchronized boolean isEmpty() {
        return runs.isEmpty();
    }

    public synchronized void clear() {
        runs.clear();
    }

    /** Folds another tally into this one (outcomes whose recording is still owed). */
    public synchronized void add(Tally other) {
        other.runs().forEach((run, tally) -> run(run).add(tally));
    }

    private RunTally run(String run) {
        return runs.computeIfAbsent(run, r -> new RunTally());
    }

    public static final class RunTally {
        long consumed;
        long delivered;
        long submitted;
        long consumerErrors;
        final Map<String, Long> deadLettered = new HashMap<>();
        final List<Long> deliveredSeqs = new ArrayList<>();
        final List<Long> seenSeqs = new ArrayList<>();

        void add(RunTally other) {
            consumed += other.consumed;
            delivered += other.delivered;
            submitted += other.submitted;
            consumerErrors += other.consumerErrors;
            other.deadLettered.forEach((reason, n) -> deadLettered.merge(reason, n, Long::sum));
            deliveredSeqs.addAll(other.deliveredSeqs);
            seenSeqs.addAll(other.seenSeqs);
        }

        public long deadLetteredTotal() {
            return deadLettered.values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
