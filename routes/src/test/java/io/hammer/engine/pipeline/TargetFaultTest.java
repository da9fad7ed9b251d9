package io.hammer.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hammer.engine.account.RunSummary;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The target misbehaves (Anvil's fault injection); every order still ends delivered or dead-lettered. */
class TargetFaultTest extends PipelineTestSupport {

    @AfterEach
    void clearFault() throws Exception {
        anvil("DELETE", "/admin/fault", null);
    }

    @Test
    void aTargetAnswering503ForAWhileGetsEveryOrderOnceItRecovers() throws Exception {
        anvil("PUT", "/admin/fault", "{\"status\":503,\"count\":300}");
        String runId = "flaky-" + System.nanoTime();
        RunSummary summary = runToEnd(runId, 2_000);

        assertThat(summary.problems()).isEmpty();
        assertThat(summary.delivered()).isEqualTo(2_000);
        assertThat(summary.deadLettered()).isZero();
        assertThat(summary.consumerErrors()).isEqualTo(300);
        assertThat(summary.submitted()).isEqualTo(2_300);
        assertThat(anvilRun(runId).path("distinct").asLong()).isEqualTo(2_000);
    }

    @Test
    void aTargetAnswering503ForGoodGetsEveryOrderDeadLetteredAfterItsRetries() throws Exception {
        anvil("PUT", "/admin/fault", "{\"status\":503,\"count\":-1}");
        String runId = "down-" + System.nanoTime();
        RunSummary summary = runToEnd(runId, 50);

        assertThat(summary.problems()).isEmpty();
        assertThat(summary.delivered()).isZero();
        assertThat(summary.deadLetteredByReason()).containsEntry("exhausted", 50L);
        // retries = 3: four requests per order, every one of them refused.
        assertThat(summary.submitted()).isEqualTo(200);
        assertThat(summary.consumerErrors()).isEqualTo(200);
        assertThat(deadLetters(runId, 50)).hasSize(50).allSatisfy(record -> {
            assertThat(header(record, "hammer-dl-status")).isEqualTo("503");
            assertThat(header(record, "hammer-dl-attempts")).isEqualTo("4");
            assertThat(header(record, "hammer-dl-detail")).contains("HTTP 503").contains("injected fault");
        });
    }

    @Test
    void aTargetAnswering400GetsEveryOrderDeadLetteredWithoutRetry() throws Exception {
        anvil("PUT", "/admin/fault", "{\"status\":400,\"count\":-1}");
        String runId = "refused-" + System.nanoTime();
        RunSummary summary = runToEnd(runId, 300);

        assertThat(summary.delivered()).isZero();
        assertThat(summary.deadLettered()).isEqualTo(300);
        assertThat(summary.deadLetteredByReason()).containsEntry("rejected", 300L);
        assertThat(summary.submitted()).isEqualTo(300);
        assertThat(summary.problems()).isEmpty();
        List<ConsumerRecord<byte[], byte[]>> deadLetters = deadLetters(runId, 300);
        assertThat(deadLetters).hasSize(300).allSatisfy(record -> {
            assertThat(header(record, "hammer-dl-status")).isEqualTo("400");
            assertThat(header(record, "hammer-dl-stage")).isEqualTo("deliver");
            assertThat(header(record, "hammer-dl-attempts")).isEqualTo("1");
        });
    }

    @Test
    void aHungTargetHitsTheTimeoutAndTheRetryPolicy() throws Exception {
        anvil("PUT", "/admin/fault", "{\"delayMs\":3000,\"count\":-1}");
        String runId = "hung-" + System.nanoTime();
        runs.start(new io.hammer.engine.run.RunSpec(runId, 20, 1L, null));

        // retries = 3: each order is tried 4 times, each attempt cut off by the 2 s timeout.
        List<ConsumerRecord<byte[], byte[]>> deadLetters = deadLetters(runId, 20);
        assertThat(deadLetters).hasSize(20).allSatisfy(record -> {
            assertThat(header(record, "hammer-dl-reason")).isEqualTo("exhausted");
            assertThat(header(record, "hammer-dl-attempts")).isEqualTo("4");
            assertThat(header(record, "hammer-dl-detail")).containsIgnoringCase("timeout");
        });
        anvil("DELETE", "/admin/fault", null);
        RunSummary summary = awaitDone(runId);
        assertThat(summary.deadLetteredByReason()).containsEntry("exhausted", 20L);
        assertThat(summary.submitted()).isEqualTo(80);
    }
}
