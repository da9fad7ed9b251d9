package io.hammer.engine.pace;

import io.hammer.engine.run.RunSpec;
import io.hammer.engine.run.RunState;
import io.hammer.engine.run.RunStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.springframework.stereotype.Component;

/**
 * Paces delivery: gives each order of a paced run the intended send time of this pod's next slot
 * and holds it until then. Pacing happens here, in the consumer, right before the request to the
 * target, because the rate that matters is the one the target receives: Kafka, Redis and the
 * producers in front may bunch or delay orders, the last hop must not. Each refresh (pace.yaml)
 * picks up live rate changes and the number of consumer pods the rate is split among.
 */
@Component("pacers")
public class Pacers {
    private final RunStore store;
    private final Workers workers;
    private final Clock clock;
    private final MeterRegistry registry;
    /** Runs this pod has seen; empty for unpaced ones, so that their orders cost no look-up. */
    private final Map<String, Optional<Paced>> runs = new ConcurrentHashMap<>();
    private volatile long liveConsumers = 1;

    public Pacers(RunStore store, Workers workers, Clock clock, MeterRegistry registry) {
        this.store = store;
        this.workers = workers;
        this.clock = clock;
        this.registry = registry;
    }

    /**
     * Waits for the run's next slot on this pod and returns its intended send time (epoch nanos);
     * an order of an unpaced run (no rate in its spec) is due at once.
     */
    public long awaitSlot(String runId) {
        Optional<Paced> paced = runs.computeIfAbsent(runId, this::load);
        if (paced.isEmpty()) {
            return nowNanos();
        }
        long intended = paced.get().nextSlotNanos();
        for (long wait = intended - nowNanos(); wait > 0; wait = intended - nowNanos()) {
            LockSupport.parkNanos(wait);
        }
        return intended;
    }

    /** Called by the pace route: heartbeat, forget ended runs, apply rate changes, re-split shares. */
    public void refresh() {
        liveConsumers = Math.max(1, workers.heartbeat());
        runs.entrySet().removeIf(run -> {
            boolean ended = !RunState.RUNNING.name().equals(store.runHash(run.getKey()).get("state"));
            if (ended) {
                run.getValue().ifPresent(Paced::close);
            }
            return ended;
        });
        runs.values().forEach(paced -> paced.ifPresent(p -> p.refresh(liveConsumers)));
    }

    private Optional<Paced> load(String runId) {
        Map<String, String> run = store.runHash(runId);
        Optional<RunSpec> spec = run.containsKey("startedAt") ? store.spec(runId) : Optional.empty();
        if (spec.isEmpty() || spec.get().rate() == null) {
            return Optional.empty(); // unpaced, or an unknown run (an order written to the topic by hand)
        }
        return Optional.of(new Paced(runId, Long.parseLong(run.get("startedAt")), spec.get()));
    }

    private long nowNanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** A paced run as this pod follows it. */
    private final class Paced {
        private final String runId;
        private final long startedAtNanos;
        private final RunSpec spec;
        private final Schedule schedule;
        private int changesSeen;
        private long consumersSeen;

        Paced(String runId, long startedAtMillis, RunSpec spec) {
            List<RunStore.RateChange> changes = store.rateChanges(runId);
            this.runId = runId;
            this.startedAtNanos = startedAtMillis * 1_000_000;
            this.spec = spec;
            this.consumersSeen = liveConsumers;
            this.changesSeen = changes.size();
            this.schedule = new Schedule(profile(changes), 1.0 / consumersSeen);
            Gauge.builder("hammer.rate.asked", this, p -> p.schedule.profile().rateAt(p.runSeconds()))
                    .description("Orders per second the run asks of the target, all pods together")
                    .tag("run", runId).register(registry);
            Gauge.builder("hammer.rate.share", this, p -> p.schedule.rateAt(p.runSeconds()))
                    .description("This pod's share of the asked rate").tag("run", runId).register(registry);
        }

        long nextSlotNanos() {
            double slot = schedule.nextSlot();
            return Double.isInfinite(slot) ? Long.MAX_VALUE : startedAtNanos + (long) (slot * 1e9);
        }

        synchronized void refresh(long consumers) {
            List<RunStore.RateChange> changes = store.rateChanges(runId);
            if (changes.size() != changesSeen || consumers != consumersSeen) {
                schedule.change(profile(changes), 1.0 / consumers, runSeconds());
                changesSeen = changes.size();
                consumersSeen = consumers;
            }
        }

        void close() {
            registry.find("hammer.rate.asked").tag("run", runId).meters().forEach(registry::remove);
            registry.find("hammer.rate.share").tag("run", runId).meters().forEach(registry::remove);
        }

        private double runSeconds() {
            return (nowNanos() - startedAtNanos) / 1e9;
        }

        /** The spec's profile with the run's live changes applied, each from its own instant. */
        private RateProfile profile(List<RunStore.RateChange> changes) {
            RateProfile profile = RateProfile.of(spec.rate());
            for (RunStore.RateChange change : changes) {
                profile = profile.changedAt(change.runSeconds(), change.perSecond());
            }
            return profile;
        }
    }
}
