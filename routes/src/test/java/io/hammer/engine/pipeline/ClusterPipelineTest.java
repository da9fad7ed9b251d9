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
import java.util.ArrayList;
import java.util.List;
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
            List<String> arguments = new ArrayList<>(List.of(stack.engineArguments()));
            arguments.removeIf(a -> a.startsWith("--spring.data.redis.") || a.startsWith("--hammer.fix."));
            arguments.addAll(List.of("--spring.data.redis.cluster.nodes=" + cluster.nodes(), "--hammer.fix.enabled=false",
                    "--hammer.topics.messages=cluster-messages", "--hammer.topics.dead-letter=cluster-dead-letter",
                    "--hammer.topics.metrics=cluster-metrics", "--hammer.consumer.group=cluster-consumers",
                    "--hammer.runs.chunk-size=100", "--hammer.runs.window-chunks=2", "--hammer.runs.settle=500ms",
                    "--hammer.runs.reports-dir=" + Files.createTempDirectory("cluster-reports"),
                    "--server.port=0", "--camel.main.jmx-enabled=false", "--spring.security.user.password=cluster-test",
                    "--camel.main.shutdown-timeout=5", "--logging.level.root=WARN"));
            try (ConfigurableApplicationContext engine = new SpringApplicationBuilder(HammerApplication.class)
                    .run(arguments.toArray(String[]::new))) {
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
