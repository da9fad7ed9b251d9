package io.hammer.engine.stage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hammer.engine.account.Metrics;
import io.hammer.engine.run.InvalidRunException;
import io.hammer.engine.run.RunKeys;
import io.hammer.engine.run.RunSpec;
import io.hammer.engine.run.RunState;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * One run being loaded under {@code hammer:staging:{runId}:token} (the run's cluster slot): chunk lists laid out as a run's, and
 * optionally its schedule. Staged keys expire after {@link #TTL}, so a loader that dies mid-way
 * leaves nothing lasting; {@link #close} removes them at once unless the run was promoted.
 */
public final class StagedRun implements AutoCloseable {
    /** Longest a load may take before its staged keys expire under it. */
    static final Duration TTL = Duration.ofHours(6);
    private static final int CHUNKS_PER_PIPELINE = 16;
    private static final int SCHEDULE_BATCH = 10_000;
    private static final RedisScript<Long> PROMOTE =
            RedisScript.of(new ClassPathResource("redis/promote-staged-run.lua"), Long.class);

    private final String runId;
    private final String prefix;
    private final StringRedisTemplate redis;
    private final ObjectMapper json;
    private final Clock clock;
    private final Metrics metrics;
    private final int chunkSize;
    private final Map<Long, List<byte[]>> pending = new LinkedHashMap<>();
    private List<byte[]> chunk = new ArrayList<>();
    private final List<String> schedule = new ArrayList<>();
    private long orders;
    private long chunks;
    private boolean scheduled;
    private boolean promoted;

    StagedRun(String runId, StringRedisTemplate redis, ObjectMapper json, Clock clock, Metrics metrics, int chunkSize) {
        this.runId = runId;
        this.prefix = RunKeys.staging(runId, UUID.randomUUID().toString());
        this.redis = redis;
        this.json = json;
        this.clock = clock;
        this.metrics = metrics;
        this.chunkSize = chunkSize;
    }

    public String runId() {
        return runId;
    }

    /** Order {@code orders() + 1} of the run; its bytes must already carry that identity (see {@link OrderRewriter}). */
    public void add(byte[] order) {
        chunk.add(order);
        orders++;
        if (chunk.size() == chunkSize) {
            pending.put(++chunks, chunk);
            chunk = new ArrayList<>(chunkSize);
            if (pending.size() == CHUNKS_PER_PIPELINE) {
                flushChunks();
            }
        }
    }

    /** The intended send time of the next order, in microseconds from the start of the run. */
    public void addScheduled(long offsetMicros) {
        scheduled = true;
        schedule.add(Long.toString(offsetMicros));
        if (schedule.size() == SCHEDULE_BATCH) {
            flushSchedule();
        }
    }

    public long orders() {
        return orders;
    }

    /**
     * Makes the staged orders run {@link #runId()}, in state RUNNING, in one atomic step.
     *
     * @param baseSpec the spec to record with the run (its runId and orders are set here)
     * @param fields   further fields of the run hash (where the orders came from, the schedule's unit, ...)
     */
    public void promote(ObjectNode baseSpec, Map<String, String> fields) {
        if (orders == 0) {
            throw new InvalidRunException(400, "nothing to load: the source holds no orders");
        }
        if (!chunk.isEmpty()) {
            pending.put(++chunks, chunk);
            chunk = new ArrayList<>();
        }
        flushChunks();
        flushSchedule();
        if (scheduled && !Long.valueOf(orders).equals(redis.opsForList().size(prefix + ":schedule"))) {
            throw new IllegalStateException("schedule of run " + runId + " does not match its " + orders + " orders");
        }
        RunSpec spec = spec(json, baseSpec, runId, orders);
        List<String> problems = spec.problems();
        if (!problems.isEmpty()) {
            throw new InvalidRunException(400, String.join("; ", problems));
        }
        long now = clock.millis();
        List<String> args = new ArrayList<>(List.of(prefix, RunKeys.run(runId), Long.toString(chunks), Long.toString(orders)));
        Map<String, String> hash = new LinkedHashMap<>(fields);
        hash.put("spec", toJson(spec));
        hash.put("state", RunState.RUNNING.name());
        hash.put("createdAt", Long.toString(now));
        hash.put("startedAt", Long.toString(now));
        hash.put("orders", Long.toString(orders));
        hash.put("chunks", Long.toString(chunks));
        hash.put("chunkSize", Integer.toString(chunkSize));
        hash.forEach((field, value) -> {
            args.add(field);
            args.add(value);
        });
        // Indexed first, so that a run that exists is always listed (and can be deleted); taken back
        // out if the run does not come to be. Active last: the run monitor adds it should that be lost.
        boolean indexed = Boolean.TRUE.equals(redis.opsForZSet().addIfAbsent(RunKeys.RUNS, runId, now));
        Long result;
        try {
            result = redis.execute(PROMOTE, List.of(RunKeys.run(runId), RunKeys.stats(runId)), args.toArray());
        } catch (RuntimeException e) {
            unindex(indexed);
            throw e;
        }
        if (result == null || result != 1) {
            unindex(indexed);
        } else {
            redis.opsForSet().add(RunKeys.ACTIVE, runId);
        }
        if (result == null || result == -1) {
            throw new IllegalStateException("staged orders of run " + runId + " are missing (expired after " + TTL + "?)");
        }
        if (result == 0) {
            throw new InvalidRunException(409, "run " + runId + " already exists");
        }
        promoted = true;
        metrics.generated(runId, orders);
    }

    private void unindex(boolean indexed) {
        if (indexed) {
            redis.opsForZSet().remove(RunKeys.RUNS, runId);
        }
    }

    /** Removes whatever is still staged; a promoted run has nothing left here. */
    @Override
    public void close() {
        if (promoted) {
            return;
        }
        List<String> keys = new ArrayList<>();
        for (long n = 1; n <= chunks; n++) {
            keys.add(prefix + ":chunk:" + n);
        }
        keys.add(prefix + ":schedule");
        redis.delete(keys);
    }

    /**
     * The run spec of a loaded run: {@code base} (a backup's spec, or empty) with the new run's id and
     * order count. Built through JSON so that fields RunSpec gains later are kept, not dropped.
     */
    static RunSpec spec(ObjectMapper json, ObjectNode base, String runId, long orders) {
        ObjectNode node = base.deepCopy();
        node.put("runId", runId);
        node.put("orders", orders);
        try {
            return json.convertValue(node, RunSpec.class).withDefaults();
        } catch (IllegalArgumentException e) {
            throw new InvalidRunException(400, "unreadable run spec: " + e.getMessage());
        }
    }

    private void flushChunks() {
        if (pending.isEmpty()) {
            return;
        }
        long ttl = TTL.toSeconds();
        redis.executePipelined((RedisCallback<Object>) connection -> {
            pending.forEach((n, orders) -> {
                byte[] key = (prefix + ":chunk:" + n).getBytes(StandardCharsets.UTF_8);
                connection.listCommands().rPush(key, orders.toArray(byte[][]::new));
                connection.keyCommands().expire(key, ttl);
            });
            return null;
        });
        pending.clear();
    }

    private void flushSchedule() {
        if (schedule.isEmpty()) {
            return;
        }
        redis.opsForList().rightPushAll(prefix + ":schedule", schedule);
        redis.expire(prefix + ":schedule", TTL);
        schedule.clear();
    }

    private String toJson(RunSpec spec) {
        try {
            return json.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
