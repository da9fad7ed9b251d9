package io.hammer.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.hammer.engine.HammerProperties;
import io.hammer.engine.TestRedisCluster;
import io.hammer.engine.account.Metrics;
import io.hammer.engine.generate.OrderGenerator;
import io.hammer.engine.generate.RunLoader;
import io.hammer.engine.generate.RunOrders;
import io.hammer.engine.stage.RunStaging;
import io.hammer.engine.stage.StagedRun;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Every Redis operation of a run's life (Lua scripts, pipelines, multi-key deletes, the global
 * indexes) against a real three-node Redis Cluster: each script touches one slot, so none fails
 * with CROSSSLOT, and a run's keys all live on one node.
 */
class RedisClusterTest {
    private static final int CHUNK_SIZE = 10;
    private static final int WINDOW = 3;
    private static TestRedisCluster cluster;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
    private final HammerProperties properties = new HammerProperties(null, null, null, null,
            new HammerProperties.Runs(CHUNK_SIZE, Duration.ofSeconds(1), Path.of("unused"), WINDOW, Duration.ofHours(1)), null);
    private final Metrics metrics = new Metrics(new SimpleMeterRegistry());
    private final OrderGenerator generator = new OrderGenerator();

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new TestRedisCluster();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aGeneratedRunGoesThroughEveryScriptWithinAWindowAndIsDeleted() throws Exception {
        StringRedisTemplate redis = cluster.template();
        RunStore store = new RunStore(redis, json, Clock.systemUTC());
        RunLoader loader = new RunLoader(generator, store, metrics, properties);
        String runId = "cluster-" + System.nanoTime();
        RunSpec spec = new RunSpec(runId, 95, 7L, null).withDefaults();
        store.create(spec);
        loader.load(spec);
        assertThat(chunksInRedis(redis, runId, 10)).as("only the window is written up front").containsExactly(1L, 2L, 3L);

        // A producer at a time, the generator topping up after each chunk: every chunk comes from Redis.
        List<byte[]> published = new ArrayList<>();
        int most = 0;
        long chunk;
        while ((chunk = store.claim(runId, 60_000)) > 0) {
            List<byte[]> orders = store.chunk(runId, chunk);
            assertThat(orders).as("chunk %d as the seed makes it", chunk).usingElementComparator(Arrays::compare)
                    .containsExactlyElementsOf(generator.chunk(spec, chunk, CHUNK_SIZE));
            published.addAll(orders);
            store.finish(runId, chunk, orders.size(), true, 3);
            assertThat(redis.hasKey(RunKeys.chunk(runId, chunk))).as("a published chunk is dropped").isFalse();
            loader.generateAhead();
            most = Math.max(most, chunksInRedis(redis, runId, 10).size());
        }
        assertThat(published).hasSize(95);
        assertThat(most).as("chunks in Redis at once").isEqualTo(WINDOW);
        assertThat(store.stats(runId)).containsEntry("produced", 95L).containsEntry("generated", 95L);
        assertThat(store.isActive(runId)).isFalse();
        assertThat(store.runHash(runId)).containsKey("producedAt");

        String seqs = String.join(",", LongStream.rangeClosed(1, 95).mapToObj(Long::toString).toList());
        store.recordOutcomes(runId, "write-1", "consumed=95,delivered=95", seqs, seqs);
        store.recordOutcomes(runId, "write-1", "consumed=95,delivered=95", seqs, seqs); // its reply was lost: sent again
        assertThat(store.stats(runId)).containsEntry("consumed", 95L).containsEntry("delivered", 95L).doesNotContainKey("duplicates");
        assertThat(store.bitCount(RunKeys.seen(runId))).isEqualTo(95);
        store.changeRate(runId, 500);
        assertThat(store.controls(runId)).hasSize(1);
        store.addSample(runId, 95);
        assertThat(store.timeline(runId)).hasSize(1);
        assertThat(store.transition(runId, RunState.DONE, Map.of("summary", "{}"), RunState.RUNNING)).isTrue();
        store.expireChunks(runId, Duration.ofHours(1));
        assertThat(redis.getExpire(RunKeys.done(runId))).isPositive();
        assertThat(redis.getExpire(RunKeys.stats(runId))).as("the figures stay").isEqualTo(-1);

        Set<String> nodes = new HashSet<>();
        List<String> keys = new ArrayList<>(RunKeys.perRun(runId));
        keys.addAll(List.of(RunKeys.run(runId), RunKeys.chunk(runId, 1), RunKeys.staging(runId, "x")));
        for (String key : keys) {
            nodes.add(cluster.nodeOf(key));
        }
        assertThat(nodes).as("a run's keys live on one node").hasSize(1);

        assertThat(store.endedBefore(Duration.ZERO)).contains(runId);
        assertThat(store.transition(runId, RunState.DELETING, RunState.DONE)).isTrue();
        store.delete(runId);
        assertThat(keys.stream().filter(redis::hasKey)).as("keys left").isEmpty();
        assertThat(store.runIds()).doesNotContain(runId);
    }

    @Test
    void aStagedRunIsPromotedInOneStepAndAProducerMakesAChunkTheGeneratorHasNotWritten() {
        StringRedisTemplate redis = cluster.template();
        RunStore store = new RunStore(redis, json, Clock.systemUTC());
        String runId = "cluster-staged-" + System.nanoTime();
        StagedRun staged = new RunStaging(redis, json, Clock.systemUTC(), metrics, properties).begin(runId);
        try (staged) {
            for (int n = 1; n <= 25; n++) {
                staged.add(("{\"seq\":" + n + "}").getBytes(StandardCharsets.UTF_8));
            }
            staged.promote(json.createObjectNode(), Map.of("source", "test"));
        }
        assertThat(store.runIds()).contains(runId);
        assertThat(store.isActive(runId)).isTrue();
        assertThat(store.chunk(runId, 3)).hasSize(5);
        assertThat(redis.keys("hammer:staging:{" + runId + "}*")).isEmpty();

        // A generated run whose generator is behind: the producer's claim gets a chunk not in Redis.
        RunLoader loader = new RunLoader(generator, store, metrics, properties);
        String generated = "cluster-behind-" + System.nanoTime();
        RunSpec spec = new RunSpec(generated, 60, 3L, null).withDefaults();
        store.create(spec);
        loader.load(spec);
        for (long chunk = 1; chunk <= WINDOW + 1; chunk++) {
            assertThat(store.claim(generated, 60_000)).isEqualTo(chunk);
        }
        assertThat(store.chunk(generated, WINDOW + 1)).isEmpty();
        assertThat(new RunOrders(store, generator).chunk(generated, WINDOW + 1))
                .usingElementComparator(Arrays::compare)
                .containsExactlyElementsOf(generator.chunk(spec, WINDOW + 1, CHUNK_SIZE));
        loader.generateAhead();
        assertThat(chunksInRedis(redis, generated, 6)).as("claimed chunks are not written after the fact")
                .doesNotContain((long) WINDOW + 1).contains((long) WINDOW + 2);
    }

    private static List<Long> chunksInRedis(StringRedisTemplate redis, String runId, long chunks) {
        return LongStream.rangeClosed(1, chunks).filter(c -> Boolean.TRUE.equals(redis.hasKey(RunKeys.chunk(runId, c)))).boxed().toList();
    }
}
