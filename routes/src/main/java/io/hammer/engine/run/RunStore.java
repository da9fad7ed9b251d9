package io.hammer.engine.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/** Runs in Redis: spec, state, chunks of orders, chunk claims and the run's counters. */
@Component
public class RunStore {
    private static final RedisScript<Long> CLAIM = RedisScript.of(new ClassPathResource("redis/claim-chunk.lua"), Long.class);
    private static final RedisScript<Long> RECORD = RedisScript.of(new ClassPathResource("redis/record-outcomes.lua"), Long.class);
    private static final RedisScript<Long> TRANSITION = RedisScript.of(new ClassPathResource("redis/transition.lua"), Long.class);
    private static final RedisScript<Long> FINISH = RedisScript.of(new ClassPathResource("redis/finish-chunk.lua"), Long.class);
    private static final RedisScript<Long> WRITE = RedisScript.of(new ClassPathResource("redis/write-chunk.lua"), Long.class);
    /** Run hash field of a generated run: how many chunks ahead of the producers its orders are written. */
    public static final String WINDOW = "window";
    /** How long the ids of applied outcome writes are kept: far longer than a write is ever retried. */
    static final Duration RECORDED_FOR = Duration.ofHours(1);
    /** Keys per DEL or EXPIRE pipeline when a run's chunks go. */
    private static final int KEYS_PER_BATCH = 1_000;

    private final StringRedisTemplate redis;
    private final ObjectMapper json;
    private final Clock clock;

    public RunStore(StringRedisTemplate redis, ObjectMapper json, Clock clock) {
        this.redis = redis;
        this.json = json;
        this.clock = clock;
    }

    /** Registers a new run in state {@code loading}; a run id is used once. */
    public void create(RunSpec spec) {
        String key = RunKeys.run(spec.runId());
        Boolean created = redis.opsForHash().putIfAbsent(key, "spec", toJson(spec));
        if (!Boolean.TRUE.equals(created)) {
            throw new InvalidRunException(409, "run " + spec.runId() + " already exists");
        }
        long now = clock.millis();
        redis.opsForHash().putAll(key, Map.of("state", RunState.LOADING.name(), "createdAt", Long.toString(now),
                "orders", Long.toString(spec.orders())));
        redis.opsForZSet().add(RunKeys.RUNS, spec.runId(), now);
    }

    /**
     * Writes generated chunks ahead of the producers in one pipeline, each in one step that skips it
     * when a producer has claimed it already or another generator wrote it (write-chunk.lua).
     */
    public void writeAhead(String runId, Map<Long, List<byte[]>> chunks) {
        byte[] script = WRITE.getScriptAsString().getBytes(StandardCharsets.UTF_8);
        byte[] next = bytes(RunKeys.next(runId));
        byte[] generated = bytes(RunKeys.generated(runId));
        redis.executePipelined((RedisCallback<Object>) connection -> {
            chunks.forEach((chunk, orders) -> {
                byte[][] keysAndArgs = new byte[4 + orders.size()][];
                keysAndArgs[0] = next;
                keysAndArgs[1] = generated;
                keysAndArgs[2] = bytes(RunKeys.chunk(runId, chunk));
                keysAndArgs[3] = bytes(Long.toString(chunk));
                for (int i = 0; i < orders.size(); i++) {
                    keysAndArgs[4 + i] = orders.get(i);
                }
                connection.scriptingCommands().eval(script, ReturnType.INTEGER, 3, keysAndArgs);
            });
            return null;
        });
    }

    /** Where generation stands: chunks handed out to producers, and the highest chunk written ahead of them. */
    public record Ahead(long claimed, long generated) {
    }

    public Ahead ahead(String runId) {
        List<String> values = redis.opsForValue().multiGet(List.of(RunKeys.next(runId), RunKeys.generated(runId)));
        return new Ahead(parseOrZero(values, 0), parseOrZero(values, 1));
    }

    private static long parseOrZero(List<String> values, int index) {
        return values == null || values.get(index) == null ? 0 : Long.parseLong(values.get(index));
    }

    /** Opens the run to producers once all its chunks are in Redis. */
    public void ready(String runId, long chunks, int chunkSize, long orders) {
        ready(runId, chunks, chunkSize, orders, 0);
    }

    /**
     * Opens the run to producers. With a {@code window} above 0 the run is generated as it goes: its
     * chunks are written that far ahead of the producers, and dropped once published.
     */
    public void ready(String runId, long chunks, int chunkSize, long orders, int window) {
        Map<String, String> fields = new HashMap<>(Map.of("chunks", Long.toString(chunks),
                "chunkSize", Integer.toString(chunkSize), "state", RunState.RUNNING.name(),
                "startedAt", Long.toString(clock.millis())));
        if (window > 0) {
            fields.put(WINDOW, Integer.toString(window));
        }
        redis.opsForHash().putAll(RunKeys.run(runId), fields);
        redis.opsForHash().increment(RunKeys.stats(runId), "generated", orders);
        redis.opsForSet().add(RunKeys.ACTIVE, runId);
    }

    public Optional<RunSpec> spec(String runId) {
        Object spec = redis.opsForHash().get(RunKeys.run(runId), "spec");
        if (spec == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(spec.toString(), RunSpec.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("run " + runId + " has an unreadable spec", e);
        }
    }

    public Map<String, String> runHash(String runId) {
        Map<String, String> hash = new HashMap<>();
        redis.<String, String>opsForHash().entries(RunKeys.run(runId)).forEach(hash::put);
        return hash;
    }

    /** Moves the run to {@code to} if it is in one of {@code from}; false when it was not. */
    public boolean transition(String runId, RunState to, RunState... from) {
        return transition(runId, to, Map.of(), from);
    }

    /** The same, setting {@code fields} in the same atomic step. */
    public boolean transition(String runId, RunState to, Map<String, String> fields, RunState... from) {
        List<String> args = new ArrayList<>();
        args.add(to.name());
        args.add(Integer.toString(fields.size()));
        fields.forEach((field, value) -> {
            args.add(field);
            args.add(value);
        });
        for (RunState state : from) {
            args.add(state.name());
        }
        Long moved = redis.execute(TRANSITION, List.of(RunKeys.run(runId)), args.toArray());
        return moved != null && moved == 1;
    }

    public void setState(String runId, RunState state) {
        redis.opsForHash().put(RunKeys.run(runId), "state", state.name());
    }

    public void putField(String runId, String field, String value) {
        redis.opsForHash().put(RunKeys.run(runId), field, value);
    }

    /**
     * A control of a run that has started, as every pod replays it to rebuild the run's schedule:
     * {@code rate} (from {@code at}, {@code value} orders a second) or {@code pause} (from
     * {@code at} to {@code value}), in run seconds, in the order they happened.
     */
    public record Control(String kind, double at, double value) {
        public static final String RATE = "rate";
        public static final String PAUSE = "pause";

        static Control parse(String control) {
            String[] parts = control.split(":");
            return new Control(parts[0], Double.parseDouble(parts[1]), Double.parseDouble(parts[2]));
        }

        String format() {
            return kind + ":" + at + ":" + value;
        }
    }

    /** Records a rate change from now on; every pod's pacer picks it up at its next refresh. */
    public Control changeRate(String runId, double perSecond) {
        return addControl(runId, new Control(Control.RATE, runSeconds(runId), perSecond));
    }

    /** Holds a run: producers stop claiming its chunks, consumers stop sending its orders. */
    public boolean pause(String runId) {
        redis.opsForHash().put(RunKeys.run(runId), "pausedAt", Double.toString(runSeconds(runId)));
        return transition(runId, RunState.PAUSED, RunState.RUNNING, RunState.DRAINING);
    }

    /** Ends a pause: the schedule goes on from where it stopped, shifted by the pause. */
    public boolean resume(String runId, RunState state) {
        Object pausedAt = redis.opsForHash().get(RunKeys.run(runId), "pausedAt");
        double from = pausedAt == null ? runSeconds(runId) : Double.parseDouble(pausedAt.toString());
        // The pause is recorded before the state changes, so that no pod resumes on the old schedule.
        addControl(runId, new Control(Control.PAUSE, from, runSeconds(runId)));
        redis.opsForHash().delete(RunKeys.run(runId), "pausedAt");
        return transition(runId, state, RunState.PAUSED);
    }

    /** Stops a run for good: nothing more is produced; consumers dead-letter what is left in Kafka. */
    public boolean abort(String runId) {
        if (!transition(runId, RunState.ABORTED, RunState.LOADING, RunState.RUNNING, RunState.PAUSED, RunState.DRAINING)) {
            return false;
        }
        putField(runId, "abortedAt", Long.toString(clock.millis()));
        deactivate(runId);
        return true;
    }

    public List<Control> controls(String runId) {
        List<String> controls = redis.opsForList().range(RunKeys.controls(runId), 0, -1);
        return controls == null ? List.of() : controls.stream().map(Control::parse).toList();
    }

    private Control addControl(String runId, Control control) {
        redis.opsForList().rightPush(RunKeys.controls(runId), control.format());
        return control;
    }

    /**
     * Starts a paced run's schedule, once for all pods: when its first order reaches a consumer, not
     * when it was opened to producers, so that the time Hammer's own pipeline takes to fill (producer
     * tick, Kafka, consumer poll) is not charged to the target's latency. Returns the origin (epoch ms).
     */
    public long startSchedule(String runId) {
        redis.opsForHash().putIfAbsent(RunKeys.run(runId), "pacedFrom", Long.toString(clock.millis()));
        return Long.parseLong((String) redis.opsForHash().get(RunKeys.run(runId), "pacedFrom"));
    }

    /** Time 0 of the run's rate profile (epoch ms): when its schedule started, else when it was opened; null before. */
    public Long scheduleOrigin(String runId) {
        Map<String, String> run = runHash(runId);
        String origin = run.getOrDefault("pacedFrom", run.get("startedAt"));
        return origin == null ? null : Long.valueOf(origin);
    }

    /** Seconds since the run's schedule started; 0 before it has. */
    private double runSeconds(String runId) {
        Long origin = scheduleOrigin(runId);
        return origin == null ? 0 : Math.max(0, (clock.millis() - origin) / 1000.0);
    }

    public record Sample(long atMillis, long consumed) {
    }

    public void addSample(String runId, long consumed) {
        redis.opsForList().rightPush(RunKeys.timeline(runId), clock.millis() + ":" + consumed);
    }

    public List<Sample> timeline(String runId) {
        List<String> samples = redis.opsForList().range(RunKeys.timeline(runId), 0, -1);
        return samples == null ? List.of() : samples.stream().map(sample -> {
            int colon = sample.indexOf(':');
            return new Sample(Long.parseLong(sample.substring(0, colon)), Long.parseLong(sample.substring(colon + 1)));
        }).toList();
    }

    public List<String> runIds() {
        Set<String> ids = redis.opsForZSet().range(RunKeys.RUNS, 0, -1);
        return ids == null ? List.of() : List.copyOf(ids);
    }

    public Set<String> activeRuns() {
        Set<String> active = redis.opsForSet().members(RunKeys.ACTIVE);
        return active == null ? Set.of() : active;
    }

    /** Claims a chunk of the run for this producer; 0 when there is none to take. */
    public long claim(String runId, long leaseMillis) {
        Long chunk = redis.execute(CLAIM, List.of(RunKeys.run(runId), RunKeys.next(runId), RunKeys.leases(runId), RunKeys.done(runId)),
                Long.toString(clock.millis()), Long.toString(leaseMillis));
        return chunk == null ? 0 : chunk;
    }

    public List<byte[]> chunk(String runId, long chunk) {
        List<byte[]> orders = redis.execute((RedisCallback<List<byte[]>>) connection ->
                connection.listCommands().lRange(bytes(RunKeys.chunk(runId, chunk)), 0, -1));
        return orders == null ? List.of() : orders;
    }

    /** True when the chunk was finished (published or given up), by this producer or another. */
    public boolean isFinished(String runId, long chunk) {
        return Boolean.TRUE.equals(redis.opsForValue().getBit(RunKeys.done(runId), chunk));
    }

    /** @return true when the chunk is finished, false when it was handed back for another attempt */
    public boolean finish(String runId, long chunk, int size, boolean published, int maxAttempts) {
        Long finished = redis.execute(FINISH, List.of(RunKeys.run(runId), RunKeys.leases(runId), RunKeys.done(runId),
                        RunKeys.stats(runId), RunKeys.attempts(runId), RunKeys.chunk(runId, chunk)),
                Long.toString(chunk), Integer.toString(size), published ? "produced" : "failed",
                Integer.toString(maxAttempts), Long.toString(clock.millis()));
        if (finished != null && finished == 2) {
            // The run's own keys said so atomically; the global index follows (and RunMonitor repairs it if this is lost).
            redis.opsForSet().remove(RunKeys.ACTIVE, runId);
        }
        return finished != null && finished >= 1;
    }

    /** Takes a run off the active set: its producers are done, or it ended. */
    public void deactivate(String runId) {
        redis.opsForSet().remove(RunKeys.ACTIVE, runId);
    }

    /** Puts a running run back on the active set, should the step that added it have been lost. */
    public void activate(String runId) {
        redis.opsForSet().add(RunKeys.ACTIVE, runId);
    }

    /**
     * Lets what is left of an ended run's chunks expire after {@code ttl}, with their claiming
     * bookkeeping; the run hash (summary), counters, timeline and latency histograms stay.
     */
    public void expireChunks(String runId, Duration ttl) {
        List<String> keys = new ArrayList<>(chunkKeys(runId));
        keys.addAll(List.of(RunKeys.next(runId), RunKeys.leases(runId), RunKeys.done(runId), RunKeys.attempts(runId),
                RunKeys.generated(runId), RunKeys.recorded(runId)));
        long seconds = Math.max(1, ttl.toSeconds());
        for (int from = 0; from < keys.size(); from += KEYS_PER_BATCH) {
            List<String> batch = keys.subList(from, Math.min(keys.size(), from + KEYS_PER_BATCH));
            redis.executePipelined((RedisCallback<Object>) connection -> {
                batch.forEach(key -> connection.keyCommands().expire(bytes(key), seconds));
                return null;
            });
        }
    }

    /**
     * Removes a run and all its keys: chunks and bookkeeping first, then its entries in the global
     * indexes, then its hash. A failure half-way leaves the hash (state DELETING), so the run is
     * still listed and deleting it again finishes the job.
     */
    public void delete(String runId) {
        List<String> keys = chunkKeys(runId);
        for (int from = 0; from < keys.size(); from += KEYS_PER_BATCH) {
            redis.delete(keys.subList(from, Math.min(keys.size(), from + KEYS_PER_BATCH)));
        }
        redis.delete(RunKeys.perRun(runId));
        redis.opsForZSet().remove(RunKeys.RUNS, runId);
        redis.opsForSet().remove(RunKeys.ACTIVE, runId);
        redis.delete(RunKeys.run(runId));
    }

    private List<String> chunkKeys(String runId) {
        Object chunks = redis.opsForHash().get(RunKeys.run(runId), "chunks");
        long count = chunks == null ? 0 : Long.parseLong(chunks.toString());
        List<String> keys = new ArrayList<>();
        for (long chunk = 1; chunk <= count; chunk++) {
            keys.add(RunKeys.chunk(runId, chunk));
        }
        return keys;
    }

    /** Runs that ended (finished, aborted, failed) more than {@code age} ago, oldest first. */
    public List<String> endedBefore(Duration age) {
        long cutoff = clock.millis() - age.toMillis();
        // Indexed by creation time: a run that ended before the cutoff was created before it.
        Set<String> ids = redis.opsForZSet().rangeByScore(RunKeys.RUNS, Double.NEGATIVE_INFINITY, cutoff);
        return ids == null ? List.of() : ids.stream().filter(id -> {
            Map<String, String> run = runHash(id);
            String ended = run.getOrDefault("finishedAt", run.get("createdAt"));
            return isEnded(run) && ended != null && Long.parseLong(ended) <= cutoff;
        }).toList();
    }

    /** An ended run: done, failed, or aborted with its summary stored (an aborted run drains first). */
    public static boolean isEnded(Map<String, String> run) {
        RunState state = RunState.of(run.get("state"));
        return RunState.ENDED.contains(state) && (state != RunState.ABORTED || run.containsKey("summary"));
    }

    /**
     * Adds a batch's outcomes to the run, in one atomic step (see record-outcomes.lua), at most once
     * per {@code writeId}: sending the same write again (its first reply was lost) changes nothing.
     *
     * @param counters "field=n,..."; seen, delivered: comma-separated sequence numbers
     */
    public void recordOutcomes(String runId, String writeId, String counters, String seen, String delivered) {
        redis.execute(RECORD, List.of(RunKeys.stats(runId), RunKeys.seen(runId), RunKeys.delivered(runId), RunKeys.recorded(runId)),
                counters, seen, delivered, Long.toString(clock.millis()), writeId, Long.toString(RECORDED_FOR.toMillis()));
    }

    /** Adds n to one of the run's figures. */
    public void addStat(String runId, String field, long n) {
        redis.opsForHash().increment(RunKeys.stats(runId), field, n);
    }

    public Map<String, Long> stats(String runId) {
        Map<String, Long> stats = new HashMap<>();
        redis.<String, String>opsForHash().entries(RunKeys.stats(runId))
                .forEach((field, value) -> stats.put(field, Long.parseLong(value)));
        return stats;
    }

    /** Per consumer engine, its bound on orders sent but not recorded (deliver/UnknownOutcomes). */
    public Map<String, Long> unrecorded(String runId) {
        Map<String, Long> unrecorded = new HashMap<>();
        redis.<String, String>opsForHash().entries(RunKeys.unrecorded(runId))
                .forEach((worker, value) -> unrecorded.put(worker, Long.parseLong(value)));
        return unrecorded;
    }

    public long bitCount(String key) {
        Long count = redis.execute((RedisCallback<Long>) connection -> connection.stringCommands().bitCount(bytes(key)));
        return count == null ? 0 : count;
    }

    public boolean isActive(String runId) {
        return Boolean.TRUE.equals(redis.opsForSet().isMember(RunKeys.ACTIVE, runId));
    }

    private String toJson(RunSpec spec) {
        try {
            return json.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static byte[] bytes(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }
}
