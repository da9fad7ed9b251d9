package io.hammer.engine.produce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.hammer.engine.TestRedis;
import io.hammer.engine.run.RunSpec;
import io.hammer.engine.run.RunStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Chunk claiming against a real Redis: disjoint claims, re-claim after a lease expires, attempts. */
class ChunkClaimTest {
    private static TestRedis redis;
    private final AtomicLong now = new AtomicLong(1_000_000);

    @BeforeAll
    static void startRedis() throws Exception {
        redis = new TestRedis();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    private RunStore store() {
        StringRedisTemplate template = redis.template();
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(now.get());
            }
        };
        return new RunStore(template, new ObjectMapper().registerModule(new JavaTimeModule()), clock);
    }

    private String newRun(RunStore store, long chunks) {
        String runId = "claims-" + System.nanoTime();
        store.create(new RunSpec(runId, chunks * 10, 1L, null).withDefaults());
        store.ready(runId, chunks, 10, chunks * 10);
        return runId;
    }

    @Test
    void concurrentProducersClaimEveryChunkExactlyOnce() throws Exception {
        RunStore store = store();
        String runId = newRun(store, 500);
        List<Long> claimed = Collections.synchronizedList(new ArrayList<>());
        ExecutorService producers = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            done.add(producers.submit(() -> {
                long chunk;
                while ((chunk = store.claim(runId, 60_000)) > 0) {
                    claimed.add(chunk);
                    store.finish(runId, chunk, 10, true, 3);
                }
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        producers.shutdown();
        assertThat(claimed).hasSize(500).doesNotHaveDuplicates().allMatch(c -> c >= 1 && c <= 500);
        assertThat(store.stats(runId)).containsEntry("produced", 5_000L);
        assertThat(store.isActive(runId)).isFalse();
    }

    @Test
    void aChunkWhoseProducerDiedIsClaimedAgainAfterItsLease() {
        RunStore store = store();
        String runId = newRun(store, 2);
        assertThat(store.claim(runId, 1_000)).isEqualTo(1);   // this producer dies with chunk 1
        assertThat(store.claim(runId, 1_000)).isEqualTo(2);
        store.finish(runId, 2, 10, true, 3);
        assertThat(store.claim(runId, 1_000)).as("chunk 1 is still leased").isZero();
        now.addAndGet(1_001);
        assertThat(store.claim(runId, 1_000)).isEqualTo(1);
        store.finish(runId, 1, 10, true, 3);
        // The dead producer comes back and reports chunk 1 too: it is counted once.
        store.finish(runId, 1, 10, true, 3);
        assertThat(store.stats(runId)).containsEntry("produced", 20L);
        assertThat(store.isActive(runId)).isFalse();
    }

    @Test
    void aRefusedChunkIsRetriedThenCountedAsProducerFailed() {
        RunStore store = store();
        String runId = newRun(store, 1);
        assertThat(store.claim(runId, 60_000)).isEqualTo(1);
        assertThat(store.finish(runId, 1, 10, false, 2)).isFalse();
        assertThat(store.claim(runId, 60_000)).as("handed back at once").isEqualTo(1);
        assertThat(store.finish(runId, 1, 10, false, 2)).isTrue();
        assertThat(store.claim(runId, 60_000)).isZero();
        assertThat(store.stats(runId)).containsEntry("producerFailed", 10L).containsEntry("producerErrors", 20L)
                .doesNotContainKey("produced");
        assertThat(store.isActive(runId)).isFalse();
    }

    @Test
    void aGeneratedRunDropsPublishedChunksButADeadProducersChunkIsStillThereForItsReclaim() {
        RunStore store = store();
        String runId = "window-" + System.nanoTime();
        store.create(new RunSpec(runId, 4, 1L, null).withDefaults());
        List<byte[]> first = List.of(bytes("o1"), bytes("o2"));
        store.writeAhead(runId, new java.util.TreeMap<>(java.util.Map.of(1L, first, 2L, List.of(bytes("o3"), bytes("o4")))));
        store.ready(runId, 2, 2, 4, 2);
        assertThat(store.claim(runId, 1_000)).isEqualTo(1);   // this producer dies with chunk 1
        assertThat(store.claim(runId, 1_000)).isEqualTo(2);
        store.finish(runId, 2, 2, true, 3);
        assertThat(store.chunk(runId, 2)).as("published, so dropped").isEmpty();
        assertThat(store.isFinished(runId, 2)).isTrue();
        now.addAndGet(1_001);
        assertThat(store.claim(runId, 1_000)).isEqualTo(1);
        assertThat(store.chunk(runId, 1)).usingElementComparator(java.util.Arrays::compare).containsExactlyElementsOf(first);
        store.finish(runId, 1, 2, true, 3);
        store.finish(runId, 1, 2, true, 3); // the dead producer comes back: counted once
        assertThat(store.chunk(runId, 1)).isEmpty();
        assertThat(store.stats(runId)).containsEntry("produced", 4L);
        assertThat(store.isActive(runId)).isFalse();
    }

    @Test
    void aFailureReportedForAChunkThatWentOutAfterAllDoesNotSendItAgain() {
        RunStore store = store();
        String runId = newRun(store, 1);
        assertThat(store.claim(runId, 60_000)).isEqualTo(1);
        store.finish(runId, 1, 10, true, 3);
        // Its producer saw the finish time out (Redis ran it, the reply was lost) and reports a failure.
        assertThat(store.finish(runId, 1, 10, false, 3)).isFalse();
        assertThat(store.claim(runId, 60_000)).as("finished: not handed out again").isZero();
        assertThat(store.stats(runId)).containsEntry("produced", 10L).doesNotContainKey("producerFailed");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
