package io.hammer.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hammer.anvil.FixAcceptor;
import io.hammer.engine.account.RunSummary;
import io.hammer.engine.deliver.fix.FixSettings;
import io.hammer.engine.pace.RateSegment;
import io.hammer.engine.run.RunSpec;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import quickfix.Session;
import quickfix.SessionID;

/** FIX 4.4 delivery against Anvil's acceptor over a real socket, with the rest of the stack real too. */
class FixDeliveryTest extends PipelineTestSupport {
    @Autowired
    FixSettings fixSettings;

    @AfterEach
    void clearFault() throws Exception {
        anvil("DELETE", "/admin/fault", null);
        FixAcceptor acceptor = STACK.anvil().getBean(FixAcceptor.class);
        if (!acceptor.isRunning()) {
            acceptor.start();
        }
    }

    RunSummary fixRun(String runId, long orders) throws InterruptedException {
        runs.start(new RunSpec(runId, orders, 7L, null).withTransport("fix"));
        return awaitDone(runId);
    }

    @Test
    void tenThousandOrdersOverFixAreEachAcknowledgedOnce() throws Exception {
        String runId = "fix-" + System.nanoTime();
        RunSummary summary = fixRun(runId, 10_000);

        assertThat(summary.problems()).isEmpty();
        assertThat(summary.delivered()).isEqualTo(10_000);
        assertThat(summary.deliveredDistinct()).isEqualTo(10_000);
        assertThat(summary.deadLettered()).isZero();
        assertThat(summary.submitted()).isEqualTo(10_000);
        assertThat(summary.sinkDistinct()).isEqualTo(10_000L);
        assertThat(summary.sinkDuplicates()).isZero();
        assertThat(summary.latency().count()).isEqualTo(10_000);
        assertThat(summary.latency().max()).isPositive();
        // Every order had its ExecutionReport New; the report counts arrive within a second.
        long deadline = System.nanoTime() + 10_000_000_000L;
        while ((summary.fixReports() == null || summary.fixReports().getOrDefault("new", 0L) < 10_000)
                && System.nanoTime() < deadline) {
            Thread.sleep(200);
            summary = runs.summary(runId);
        }
        assertThat(summary.fixReports()).containsEntry("new", 10_000L);
        // The orders were spread over both sessions.
        for (SessionID session : fixSettings.sessions()) {
            assertThat(Session.lookupSession(session).getStore().getNextSenderMsgSeqNum()).as("messages sent on %s", session)
                    .isGreaterThan(1_000);
        }
    }

    @Test
    void ordersTheAcceptorRejectsAreDeadLetteredWithTheFixReason() throws Exception {
        // Anvil refuses the next 20 NewOrderSingles with an ExecutionReport Rejected (Text: the fault).
        anvil("PUT", "/admin/fault", "{\"status\":422,\"count\":20}");
        String runId = "fix-rejected-" + System.nanoTime();
        RunSummary summary = fixRun(runId, 200);

        assertThat(summary.problems()).isEmpty();
        assertThat(summary.delivered()).isEqualTo(180);
        assertThat(summary.deadLetteredByReason()).containsEntry("fix-rejected", 20L);
        assertThat(summary.sinkDistinct()).isEqualTo(180L);
        assertThat(deadLetters(runId, 20)).hasSize(20).allSatisfy(record -> {
            assertThat(header(record, "hammer-dl-reason")).isEqualTo("fix-rejected");
            assertThat(header(record, "hammer-dl-detail")).isEqualTo("ExecutionReport Rejected: injected fault: status 422");
            assertThat(header(record, "hammer-dl-attempts")).isEqualTo("1");
        });
    }

    @Test
    void theAcceptorDroppedAndRestartedMidRunLosesNothing() throws Exception {
        String runId = "fix-drop-" + System.nanoTime();
        long orders = 12_000;
        runs.start(new RunSpec(runId, orders, 8L, null, List.of(RateSegment.constant(2_000, null))).withTransport("fix"));
        long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
        while (anvilRun(runId).path("distinct").asLong() < 3_000 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        FixAcceptor acceptor = STACK.anvil().getBean(FixAcceptor.class);
        acceptor.stop();
        long atDrop = anvilRun(runId).path("distinct").asLong();
        Thread.sleep(2_000);
        assertThat(anvilRun(runId).path("distinct").asLong()).as("nothing arrives while the acceptor is down").isEqualTo(atDrop);
        acceptor.start();
        RunSummary summary = awaitDone(runId);

        assertThat(atDrop).isLessThan(orders);
        assertThat(summary.problems()).isEmpty();
        assertThat(summary.delivered()).isEqualTo(orders);
        assertThat(summary.deadLettered()).isZero();
        assertThat(summary.sinkDistinct()).isEqualTo(orders);
        // Orders the acceptor had taken but not answered before it went were sent again: duplicates, counted.
        assertThat(summary.sinkDuplicates()).isEqualTo(anvilRun(runId).path("duplicates").asLong());
        assertThat(summary.submitted()).isEqualTo(orders + summary.consumerErrors());
        assertThat(summary.submitted()).isGreaterThanOrEqualTo(orders + summary.sinkDuplicates());
    }

    @Test
    void anHttpRunAndAFixRunGoSideBySide() throws Exception {
        String httpRun = "side-http-" + System.nanoTime();
        String fixRun = "side-fix-" + System.nanoTime();
        runs.start(new RunSpec(httpRun, 3_000, 9L, null));
        runs.start(new RunSpec(fixRun, 3_000, 10L, null).withTransport("fix"));
        RunSummary http = awaitDone(httpRun);
        RunSummary fix = awaitDone(fixRun);

        for (RunSummary summary : List.of(http, fix)) {
            assertThat(summary.problems()).isEmpty();
            assertThat(summary.delivered()).isEqualTo(3_000);
            assertThat(summary.sinkDistinct()).isEqualTo(3_000L);
        }
        assertThat(http.fixReports()).isNull();
        assertThat(store.spec(fixRun).orElseThrow().transport()).isEqualTo("fix");
        assertThat(store.spec(httpRun).orElseThrow().transport()).isEqualTo("http");
    }

    @Test
    void anUnknownTransportIsRefused() throws Exception {
        HttpResponse<String> response = api("POST", "/api/runs",
                "{\"runId\":\"smtp-" + System.nanoTime() + "\",\"orders\":10,\"transport\":\"smtp\"}");
        assertThat(response.statusCode()).isEqualTo(400);
        // The run-spec schema names the field and the values it takes.
        assertThat(response.body()).contains("\"field\":\"transport\"").contains("[\\\"http\\\", \\\"fix\\\"]");
    }
}
