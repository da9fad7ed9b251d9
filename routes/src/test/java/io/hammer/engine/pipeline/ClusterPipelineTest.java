package io.hammer.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hammer.engine.HammerApplication;
import io.hammer.engine.TestRedisCluster;
import io.hammer.engine.account.RunSummary;
import io.hammer.engine.api.RunService;
import io.hammer.engine.local.LocalStack;
import io.hammer.engine.run.InvalidRunException;
import io.hammer.engine.run.RunKeys;
import io.hammer.engine.run.RunSpec;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The whole engine on a Redis Cluster ({@code spring.data.redis.cluster.nodes}): a run goes from
 * generation to DONE with a small window (so chunks are generated ahead, on demand and dropped),
 * its accounting holds, and it is deleted. Its own topics and consumer group keep it apart from the
 * engine the other pipeline tests share.
 */
class ClusterPipelineTest {

    @Test
    void aRunGoesEndToEndWithTheEngineOnARedisCluster() throws Exception {
        LocalStack stack = TestStack.get();
        try (TestRedisCluster cluster = new TestRedisCluster()) {
            // The cluster instead of the stack's single Redis.
            Map<String, Object> stackProperties = new LinkedHashMap<>(stack.engineProperties());
            stackProperties.keySet().removeIf(key -> key.startsWith("spring.data.redis."));
            String[] arguments = EngineSettings.arguments(stackProperties, Map.ofEntries(
                    Map.entry("spring.data.redis.cluster.nodes", cluster.nodes()),
                    Map.entry("hammer.topics.messages", "cluster-messages"), Map.entry("hammer.topics.dead-letter", "cluster-dead-letter"),
                    Map.entry("hammer.topics.metrics", "cluster-metrics"), Map.entry("hammer.consumer.group", "cluster-consumers"),
                    Map.entry("hammer.runs.chunk-size", 100), Map.entry("hammer.runs.window-chunks", 2),
                    Map.entry("hammer.runs.settle", "500ms"),
                    Map.entry("hammer.runs.reports-dir", Files.createTempDirectory("cluster-reports")),
                    Map.entry("camel.main.jmx-enabled", false), Map.entry("camel.main.shutdown-timeout", 5),
                    Map.entry("logging.level.root", "WARN")));
            try (ConfigurableApplicationContext engine = new SpringApplicationBuilder(HammerApplication.class)
                    .run(arguments)) {
                RunService runs = engine.getBean(RunService.class);
                StringRedisTemplate redis = engine.getBean(StringRedisTemplate.class);
                String runId = "on-cluster-" + System.nanoTime();
                runs.start(new RunSpec(runId, 2_000, 11L, null));
                await().atMost(Duration.ofMinutes(3)).until(() -> "DONE".equals(runs.summary(runId).state()));

                RunSummary summary = runs.summary(runId);
                assertThat(summary.problems()).isEmpty();
                assertThat(summary.produced()).isEqualTo(2_000);
                assertThat(summary.deliveredDistinct()).isEqualTo(2_000);
                assertThat(summary.sinkDistinct()).isEqualTo(2_000);
                assertThat(redis.keys(RunKeys.run(runId) + ":chunk:*")).as("published chunks are dropped").isEmpty();

                runs.delete(runId);
                assertThat(redis.keys(RunKeys.run(runId) + "*")).isEmpty();
                assertThatThrownBy(() -> runs.summary(runId)).isInstanceOf(InvalidRunException.class).hasMessageContaining("unknown run");
            }
        }
    }
}
