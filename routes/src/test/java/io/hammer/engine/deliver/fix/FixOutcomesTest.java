package io.hammer.engine.deliver.fix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hammer.engine.account.Metrics;
import io.hammer.engine.run.OrderFields;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import quickfix.Message;
import quickfix.SessionID;
import quickfix.field.AvgPx;
import quickfix.field.BusinessRejectReason;
import quickfix.field.BusinessRejectRefID;
import quickfix.field.ClOrdID;
import quickfix.field.CumQty;
import quickfix.field.ExecID;
import quickfix.field.ExecType;
import quickfix.field.LeavesQty;
import quickfix.field.OrdStatus;
import quickfix.field.OrderID;
import quickfix.field.RefMsgType;
import quickfix.field.Side;
import quickfix.field.Text;
import quickfix.fix44.BusinessMessageReject;
import quickfix.fix44.ExecutionReport;

/**
 * How answers settle pending FIX orders, without a session: orders wait for one (none is logged
 * on here), and the answers are handed in as the initiator's application hands them over.
 */
class FixOutcomesTest {
    static final SessionID SESSION = new SessionID("FIX.4.4", "HAMMER-T", "NOWHERE");
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    DefaultCamelContext camel;
    FixSender sender;
    FixInbound inbound;

    @BeforeEach
    void setUp() throws Exception {
        camel = new DefaultCamelContext();
        FixProperties fix = new FixProperties(true, null, "FIX44.xml", 30, 1, true, null, null, Duration.ofMillis(300),
                List.of(new FixProperties.Session("HAMMER-T", "NOWHERE", "127.0.0.1", 1)));
        sender = new FixSender(new NewOrderSingles(new ObjectMapper()), new FixSettings(fix, camel), fix);
        inbound = new FixInbound(sender, new Metrics(registry), null);
    }

    @AfterEach
    void tearDown() throws Exception {
        sender.stopSweeper();
        camel.close();
    }

    @Test
    void theFirstExecutionReportDeliversAndLaterOnesAreCounted() throws Exception {
        Sent order = send("fo-a", 1);
        receive(report(order.clOrdId, ExecType.NEW, OrdStatus.NEW, null));
        assertThat(order.done.await(1, TimeUnit.SECONDS)).isTrue();
        assertThat(order.exchange.getException()).isNull();

        receive(report(order.clOrdId, ExecType.TRADE, OrdStatus.PARTIALLY_FILLED, null));
        receive(report(order.clOrdId, ExecType.TRADE, OrdStatus.FILLED, null));
        assertThat(reports("fo-a", "new")).isEqualTo(1);
        assertThat(reports("fo-a", "partial-fill")).isEqualTo(1);
        assertThat(reports("fo-a", "fill")).isEqualTo(1);
    }

    @Test
    void rejectionsDeadLetterWithTheTargetsText() throws Exception {
        Sent rejected = send("fo-b", 1);
        receive(report(rejected.clOrdId, ExecType.REJECTED, OrdStatus.REJECTED, "unknown account"));
        assertThat(rejected.done.await(1, TimeUnit.SECONDS)).isTrue();
        assertThat(outcome(rejected).reason()).isEqualTo("fix-rejected");
        assertThat(outcome(rejected).getMessage()).isEqualTo("ExecutionReport Rejected: unknown account");

        Sent refused = send("fo-b", 2);
        BusinessMessageReject reject = new BusinessMessageReject(new RefMsgType("D"),
                new BusinessRejectReason(BusinessRejectReason.UNSUPPORTED_MESSAGE_TYPE));
        reject.set(new BusinessRejectRefID(refused.clOrdId));
        reject.set(new Text("no orders today"));
        receive(reject);
        assertThat(refused.done.await(1, TimeUnit.SECONDS)).isTrue();
        assertThat(outcome(refused).reason()).isEqualTo("fix-business-reject");
        assertThat(outcome(refused).getMessage()).isEqualTo("BusinessMessageReject: no orders today");
    }

    @Test
    void anOrderWithoutASessionEndsUnansweredAfterTheTimeout() throws Exception {
        Sent order = send("fo-c", 1);
        assertThat(order.done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(outcome(order).reason()).isEqualTo("unanswered");
        assertThat(outcome(order).sent()).isZero();
        assertThat(outcome(order).getMessage()).contains("no FIX session was logged on");
    }

    @Test
    void withFixDisabledAnOrderIsDeadLetteredAtOnce() throws Exception {
        FixProperties off = new FixProperties(false, null, "FIX44.xml", 30, 1, true, null, null, Duration.ofSeconds(30), List.of());
        FixSender disabled = new FixSender(new NewOrderSingles(new ObjectMapper()), new FixSettings(off, camel), off);
        try {
            Exchange exchange = exchange("fo-d", 1);
            boolean sync = disabled.process(exchange, doneSync -> {
            });
            assertThat(sync).isTrue();
            assertThat(((FixOutcomeException) exchange.getException()).reason()).isEqualTo("fix-unavailable");
        } finally {
            disabled.stopSweeper();
        }
    }

    record Sent(String clOrdId, Exchange exchange, CountDownLatch done) {
    }

    private Sent send(String run, long seq) throws Exception {
        Exchange exchange = exchange(run, seq);
        CountDownLatch done = new CountDownLatch(1);
        assertThat(sender.process(exchange, doneSync -> done.countDown())).isFalse();
        return new Sent(OrderFields.clOrdId(run, seq), exchange, done);
    }

    private Exchange exchange(String run, long seq) {
        return FixTestOrders.exchange(camel, run, seq, "ACC-1");
    }

    private void receive(Message message) {
        new FixApplication(inbound).fromApp(message, SESSION);
    }

    private static ExecutionReport report(String clOrdId, char execType, char status, String text) {
        ExecutionReport report = new ExecutionReport(new OrderID("o-" + clOrdId), new ExecID("e-" + System.nanoTime()),
                new ExecType(execType), new OrdStatus(status), new Side(Side.BUY), new LeavesQty(0), new CumQty(0), new AvgPx(0));
        report.set(new ClOrdID(clOrdId));
        if (text != null) {
            report.set(new Text(text));
        }
        return report;
    }

    private static FixOutcomeException outcome(Sent sent) {
        return (FixOutcomeException) sent.exchange.getException();
    }

    private double reports(String run, String kind) {
        var counter = registry.find("hammer.fix.reports").tag("run", run).tag("kind", kind).counter();
        return counter == null ? 0 : counter.count();
    }
}
