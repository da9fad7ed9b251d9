package io.hammer.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hammer.engine.HammerApplication;
import io.hammer.engine.account.RunSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Several producer instances on one run, and consumers stopped mid-run (forced, and gracefully). */
class ScalingTest extends PipelineTestSupport {
    private static final int PARTITIONS = 6;
    @Autowired
    CamelContext camel;
    @Autowired
    MeterRegistry registry;

    @Test
    void twoProducersShareARunWithoutDuplicateOrGap() throws Exception {
        // Arguments, not builder properties: those are defaults, which application.yaml overrides.
        String[] arguments = EngineSettings.arguments(STACK, Map.of("camel.main.name", "hammer-producer-2",
                "hammer.role.generator", false, "hammer.role.consumer", false));
        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(HammerApplication.class).run(arguments)) {
            String runId = "two-producers-" + System.nanoTime();
            RunSummary summary = runToEnd(runId, 60_000);

            assertThat(summary.problems()).isEmpty();
            assertThat(summary.produced()).isEqualTo(60_000);
            assertThat(summary.deliveredDistinct()).isEqualTo(60_000);
            assertThat(summary.duplicates()).isZero();
            assertThat(anvilRun(runId).path("distinct").asLong()).isEqualTo(60_000);
            assertThat(anvilRun(runId).path("duplicates").asLong()).isZero();
            double here = produced(registry, runId);
            double there = produced(second.getBean(MeterRegistry.class), runId);
            assertThat(here).as("produced by the test's engine").isPositive();
            assertThat(there).as("produced by the second producer").isPositive();
            assertThat(here + there).isEqualTo(60_000);
        }
    }

    @Test
    void aConsumerStoppedMidRunLosesNothing() throws Exception {
        anvil("PUT", "/admin/fault", "{\"delayMs\":20,\"count\":-1}");
        try {
            String runId = "restart-" + System.nanoTime();
            runs.start(new io.hammer.engine.run.RunSpec(runId, 20_000, 3L, null));
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (runs.summary(runId).delivered() < 2_000 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            // Forced stop after 100 ms: batches in flight are abandoned before their offsets are committed.
            camel.getRouteController().stopRoute("consume", 100, TimeUnit.MILLISECONDS);
            long deliveredWhileStopped = runs.summary(runId).delivered();
            assertThat(deliveredWhileStopped).isLessThan(20_000);
            anvil("DELETE", "/admin/fault", null);
            camel.getRouteController().startRoute("consume");

            RunSummary summary = awaitDone(runId);
            assertThat(summary.problems()).isEmpty();
            assertThat(summary.deliveredDistinct()).isEqualTo(20_000);
            assertThat(summary.consumedDistinct()).isEqualTo(20_000);
            assertThat(anvilRun(runId).path("distinct").asLong()).isEqualTo(20_000);
        } finally {
            anvil("DELETE", "/admin/fault", null);
            camel.getRouteController().startRoute("consume");
        }
    }

    @Test
    void aConsumerStoppedGracefullyMidRunLeavesTheGroupAtOnceAndLosesNothing() throws Exception {
        String secondId = "consumer-2-" + System.nanoTime();
        ConfigurableApplicationContext second = new SpringApplicationBuilder(HammerApplication.class)
                .run(EngineSettings.arguments(STACK, Map.of("camel.main.name", "hammer-consumer-2", "hammer.role.generator", false,
                        "hammer.role.producer", false, "hammer.instance.id", secondId)));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, STACK.kafkaBrokers()))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> GroupOwners.of(admin).containsKey(secondId));
            String runId = "graceful-" + System.nanoTime();
            runs.start(new io.hammer.engine.run.RunSpec(runId, 12_000, 4L, null,
                    List.of(io.hammer.engine.pace.RateSegment.constant(1_500, null))));
            await().atMost(Duration.ofSeconds(60)).until(() -> runs.summary(runId).delivered() >= 3_000);

            long stopping = System.nanoTime();
            second.close();
            // The stopped engine left the group: the others own every partition well before the 45 s session timeout.
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                Map<String, Integer> owners = GroupOwners.of(admin);
                return !owners.containsKey(secondId) && owners.values().stream().mapToInt(Integer::intValue).sum() == PARTITIONS;
            });
            assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(Duration.ofSeconds(40));
            assertThat(runs.summary(runId).delivered()).as("stopped mid-run").isLessThan(12_000);

            RunSummary summary = awaitDone(runId);
            assertThat(summary.problems()).isEmpty();
            assertThat(summary.deliveredDistinct()).isEqualTo(12_000);
            assertThat(summary.consumedDistinct()).isEqualTo(12_000);
            assertThat(anvilRun(runId).path("distinct").asLong()).isEqualTo(12_000);
            // Every copy the target got was seen: a graceful stop leaves no unknown outcome.
            assertThat(anvilRun(runId).path("duplicates").asLong()).isEqualTo(summary.duplicates());
            assertThat(summary.unknownOutcomes()).isZero();
        } finally {
            second.close();
        }
    }

    private static double produced(MeterRegistry registry, String runId) {
        var counter = registry.find("hammer.orders.produced").tag("run", runId).counter();
        return counter == null ? 0 : counter.count();
    }
}
