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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.springframework.stereotype.Component;

/**
 * Paces delivery: gives each order of a paced run the intended send time of this pod's next slot
 * and holds it until then; holds every order of a paused run. Pacing happens here, in the consumer,
 * right before the request to the target, because the rate that matters is the one the target
 * receives: Kafka, Redis and the producers in front may bunch or delay orders, the last hop must
 * not. Each refresh (pace.yaml) picks up pauses, aborts, live rate changes and the number of
 * consumer pods the rate is split among.
 */
@Component("pacers")
public class Pacers {
    private static final long PAUSE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final RunStore store;
    private final Workers workers;
    private final Clock clock;
    private final MeterRegistry registry;
    /** Runs this pod has seen, paced or not, so that an order costs no Redis look-up. */
    private final Map<String, RunPace> runs = new ConcurrentHashMap<>();
    private volatile long liveConsumers = 1;

    public Pacers(RunStore store, Workers workers, Clock clock, MeterRegistry registry) {
        this.store = store;
        this.workers = workers;
        this.clock = clock;
        this.registry = registry;
    }

    /**
     * Waits while the run is paused, then for its next slot on this pod (behind schedule, for as long
     * as the run's catch-up policy spaces sends), and returns the order's intended send time (epoch
     * nanos). An unpaced run's orders are due at once. An interrupted thread (a consumer stopping)
     * stops waiting.
     */
    public long awaitSlot(String runId) {
        RunPace run = runs.computeIfAbsent(runId, this::load);
        Thread thread = Thread.currentThread();
        while (run.paused && !thread.isInterrupted()) {
            LockSupport.parkNanos(PAUSE_POLL_NANOS);
        }
        if (run.paced.isEmpty() || run.aborted) {
            return nowNanos();
        }
        Paced paced = run.paced.get();
        long intended = paced.nextSlotNanos();
        long sendAt = paced.sendAt(intended);
        for (long wait = sendAt - nowNanos(); wait > 0 && !thread.isInterrupted(); wait = sendAt - nowNanos()) {
            LockSupport.parkNanos(wait);
        }
        return intended;
    }

    /** How the run's orders are delivered: {@code http} or {@code fix}. */
    public String transport(String runId) {
        return runs.computeIfAbsent(runId, this::load).transport;
    }

    /** Whether the run was aborted: its orders are dead-lettered, not sent. */
    public boolean aborted(String runId) {
        return runs.computeIfAbsent(runId, this::load).aborted;
    }

    /** Called by the pace route: heartbeat, then follow each run's state and controls. */
    public void refresh() {
        liveConsumers = Math.max(1, workers.heartbeat());
        runs.entrySet().removeIf(entry -> {
            Map<String, String> hash = store.runHash(entry.getKey());
            boolean forget = entry.getValue().follow(hash);
            if (forget) {
                entry.getValue().paced.ifPresent(Paced::close);
            }
            return forget;
        });
    }

    private RunPace load(String runId) {
        Map<String, String> hash = store.runHash(runId);
        Optional<RunSpec> spec = hash.containsKey("startedAt") ? store.spec(runId) : Optional.empty();
        Optional<Paced> paced = spec.filter(s -> s.rate() != null)
                .map(s -> new Paced(runId, store.startSchedule(runId), s));
        String transport = (spec.isPresent() ? spec : store.spec(runId)).map(RunSpec::transport).orElse(RunSpec.HTTP);
        RunPace run = new RunPace(paced, transport == null ? RunSpec.HTTP : transport);
        run.follow(hash);
        return run;
    }

    private long nowNanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** What this pod knows of a run: paused, aborted, its transport, and its schedule if it is paced. */
    private final class RunPace {
        final Optional<Paced> paced;
        final String transport;
        volatile boolean paused;
        volatile boolean aborted;

        RunPace(Optional<Paced> paced, String transport) {
            this.paced = paced;
            this.transport = transport;
        }

        /** Follows the run's state; returns true when the run is over and can be forgotten. */
        boolean follow(Map<String, String> hash) {
            RunState state = RunState.of(hash.get("state"));
            paused = state == RunState.PAUSED;
            aborted = state == RunState.ABORTED;
            if (!paused) {
                paced.ifPresent(p -> p.refresh(liveConsumers));
            }
            // An aborted run is remembered until its last orders are drained and its summary is written.
            return state == null || state == RunState.DONE || state == RunState.FAILED
                    || (aborted && hash.containsKey("summary"));
        }
    }

    /** A paced run's schedule on this pod. */
    private final class Paced {
        private final String runId;
        private final long originNanos;
        private final RunSpec spec;
        private final Schedule schedule;
        private final CatchUpPace catchUp;
        private int controlsSeen;
        private long consumersSeen;

        Paced(String runId, long originMillis, RunSpec spec) {
            List<RunStore.Control> controls = store.controls(runId);
            this.runId = runId;
            this.originNanos = originMillis * 1_000_000;
            this.spec = spec;
            this.consumersSeen = liveConsumers;
            this.controlsSeen = controls.size();
            this.schedule = new Schedule(profile(controls), 1.0 / consumersSeen);
            this.catchUp = new CatchUpPace(spec.catchUp());
            Gauge.builder("hammer.rate.asked", this, p -> p.schedule.profile().rateAt(p.runSeconds()))
                    .description("Orders per second the run asks of the target, all pods together")
                    .tag("run", runId).register(registry);
            Gauge.builder("hammer.rate.share", this, p -> p.schedule.rateAt(p.runSeconds()))
                    .description("This pod's share of the asked rate").tag("run", runId).register(registry);
        }

        long nextSlotNanos() {
            double slot = schedule.nextSlot();
            return Double.isInfinite(slot) ? Long.MAX_VALUE : originNanos + (long) (slot * 1e9);
        }

        long sendAt(long intendedNanos) {
            return catchUp.sendAt(intendedNanos, schedule.rateAt((intendedNanos - originNanos) / 1e9), nowNanos());
        }

        synchronized void refresh(long consumers) {
            List<RunStore.Control> controls = store.controls(runId);
            if (controls.size() != controlsSeen || consumers != consumersSeen) {
                schedule.change(profile(controls), 1.0 / consumers, runSeconds());
                controlsSeen = controls.size();
                consumersSeen = consumers;
            }
        }

        void close() {
            registry.find("hammer.rate.asked").tag("run", runId).meters().forEach(registry::remove);
            registry.find("hammer.rate.share").tag("run", runId).meters().forEach(registry::remove);
        }

        private double runSeconds() {
            return (nowNanos() - originNanos) / 1e9;
        }

        private RateProfile profile(List<RunStore.Control> controls) {
            return RateProfile.of(spec.rate(), controls);
        }
    }
}
