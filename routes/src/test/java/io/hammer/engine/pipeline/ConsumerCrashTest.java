package io.hammer.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hammer.engine.HammerApplication;
import io.hammer.engine.account.RunSummary;
import io.hammer.engine.api.RunService;
import io.hammer.engine.local.LocalStack;
import io.hammer.engine.pace.RateSegment;
import io.hammer.engine.run.RunSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A consumer crash between processes, as on a fleet: two consumer engines, each a JVM of its own, against
 * a broker, a Redis and Anvil that outlive them (a stack of this test's own, so that no other test's
 * engine is in the group); the run API, generator and producer run in this JVM. One consumer is killed
 * with SIGKILL mid-run.
 */
class ConsumerCrashTest {
    private static final LocalStack STACK = TestStack.startUntilExit(Map.of());
    private static final int PARTITIONS = 6;
    private static final long ORDERS = 16_000;

    @Test
    void aKilledConsumersPartitionsMoveAtTheBrokersSessionTimeoutAndNothingIsLost() throws Exception {
        Path work = Files.createTempDirectory("hammer-crash");
        AnvilAdmin anvil = new AnvilAdmin(STACK);
        try (ConfigurableApplicationContext api = new SpringApplicationBuilder(HammerApplication.class)
                .run(settings(work, "crash-api", Map.of("hammer.role.consumer", false)));
             EngineProcess doomed = consumer(work, "crash-consumer-1");
             EngineProcess survivor = consumer(work, "crash-consumer-2");
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, STACK.kafkaBrokers()))) {
            // Two engines starting side by side on a small machine: give them time.
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions() // no group yet
                    .until(() -> GroupOwners.of(admin).keySet().equals(java.util.Set.of("crash-consumer-1", "crash-consumer-2")));

            RunService runs = api.getBean(RunService.class);
            String runId = "crash-" + System.nanoTime();
            runs.start(new RunSpec(runId, ORDERS, 5L, null, List.of(RateSegment.constant(1_000, null))));
            await().atMost(Duration.ofMinutes(2)).until(() -> anvil.run(runId).path("distinct").asLong() >= 4_000);

            long killed = System.nanoTime();
            doomed.kill();
            assertThat(doomed.alive()).isFalse();
            // The broker drops the dead member after group.consumer.session.timeout.ms (10 s on this stack, as in
            // the Kafka CR), not Kafka's default 45 s; the survivor keeps its own partitions meanwhile.
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(250))
                    .until(() -> GroupOwners.of(admin).equals(Map.of("crash-consumer-2", PARTITIONS)));
            assertThat(Duration.ofNanos(System.nanoTime() - killed)).isLessThan(Duration.ofSeconds(40));

            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .until(() -> "DONE".equals(runs.summary(runId).state()));
            RunSummary summary = runs.summary(runId);
            assertThat(survivor.alive()).as("%s", survivor).isTrue();
            assertThat(summary.problems()).isEmpty();
            assertThat(summary.deliveredDistinct()).isEqualTo(ORDERS);
            assertThat(summary.deadLettered()).isZero();
            assertThat(anvil.run(runId).path("distinct").asLong()).isEqualTo(ORDERS);
            // Every copy the target got is in the summary: those Hammer recorded twice, and those the dead engine
            // sent but never recorded, which the survivor sent again; the latter within the dead engine's bound.
            long atTarget = anvil.run(runId).path("duplicates").asLong();
            assertThat(summary.sinkDuplicates()).isEqualTo(atTarget);
            assertThat(summary.unknownOutcomes()).as("orders the dead engine may have sent unrecorded").isPositive();
            assertThat(atTarget - summary.duplicates()).isBetween(0L, summary.unknownOutcomes());
        }
    }

    private static EngineProcess consumer(Path work, String instance) throws Exception {
        return EngineProcess.start(instance, work, List.of(settings(work, instance, Map.of("hammer.role.generator", false,
                "hammer.role.producer", false))));
    }

    private static String[] settings(Path work, String instance, Map<String, Object> role) {
        Map<String, Object> settings = new LinkedHashMap<>(Map.of("hammer.instance.id", instance, "camel.main.name", instance,
                "hammer.runs.settle", "500ms", "hammer.runs.reports-dir", work.resolve("reports"),
                "hammer.backups.dir", work.resolve("backups"), "camel.main.shutdown-timeout", 5));
        settings.putAll(role);
        return EngineSettings.arguments(STACK, settings);
    }
}
