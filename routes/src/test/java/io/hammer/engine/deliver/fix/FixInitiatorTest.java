package io.hammer.engine.deliver.fix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hammer.engine.account.Metrics;
import io.hammer.engine.account.RunSummaries;
import io.hammer.engine.run.RunStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spring.SpringCamelContext;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.service.ServiceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import quickfix.ApplicationAdapter;
import quickfix.DefaultMessageFactory;
import quickfix.FieldNotFound;
import quickfix.MemoryStoreFactory;
import quickfix.Message;
import quickfix.SLF4JLogFactory;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.SessionNotFound;
import quickfix.SessionSettings;
import quickfix.SocketAcceptor;
import quickfix.field.AvgPx;
import quickfix.field.CumQty;
import quickfix.field.ExecID;
import quickfix.field.ExecType;
import quickfix.field.LeavesQty;
import quickfix.field.MsgSeqNum;
import quickfix.field.MsgType;
import quickfix.field.OrdStatus;
import quickfix.field.OrderID;
import quickfix.field.RefSeqNum;
import quickfix.field.Text;
import quickfix.fix44.ExecutionReport;
import quickfix.fix44.NewOrderSingle;
import quickfix.fix44.Reject;
import redis.embedded.RedisServer;

/**
 * The initiator against a real FIX 4.4 acceptor (plain QuickFIX/J on a free port) and a real Redis:
 * what the venue sends back, application and session messages, settles the orders, and a stop logs
 * the session out and records the last report counts; in a Spring context, it stops after Camel.
 */
class FixInitiatorTest {
    static final SessionID HAMMER = new SessionID("FIX.4.4", "HAMMER-I", "VENUE");
    static final SessionID AT_VENUE = new SessionID("FIX.4.4", "VENUE", "HAMMER-I");
    static final String CLOSED_ACCOUNT = "CLOSED";

    final DefaultCamelContext camel = new DefaultCamelContext();
    final Venue venue = new Venue();
    RedisServer redis;
    LettuceConnectionFactory connections;
    SocketAcceptor acceptor;
    FixSender sender;
    FixInitiator initiator;
    RunStore store;

    @BeforeEach
    void setUp() throws Exception {
        int redisPort = freePort();
        redis = RedisServer.newRedisServer().port(redisPort).bind("127.0.0.1").setting("save \"\"").setting("appendonly no")
                .onShutdownForceStop(true).build();
        redis.start();
        connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", redisPort));
        connections.afterPropertiesSet();
        connections.start();
        store = new RunStore(new StringRedisTemplate(connections), new ObjectMapper(), Clock.systemUTC());

        int fixPort = freePort();
        acceptor = venue.acceptor(fixPort);
        acceptor.start();
        FixProperties fix = new FixProperties(true, null, "FIX44.xml", 30, 1, true, null, null, Duration.ofSeconds(10),
                List.of(new FixProperties.Session(HAMMER.getSenderCompID(), HAMMER.getTargetCompID(), "127.0.0.1", fixPort)));
        FixSettings settings = new FixSettings(fix, camel);
        sender = new FixSender(new NewOrderSingles(new ObjectMapper()), settings, fix);
        FixInbound inbound = new FixInbound(sender, new Metrics(new SimpleMeterRegistry()), store);
        initiator = new FixInitiator(settings, new FixApplication(inbound), inbound);
    }

    @AfterEach
    void tearDown() throws Exception {
        initiator.stop();
        acceptor.stop(true);
        sender.stopSweeper();
        camel.close();
        connections.destroy();
        redis.stop();
    }

    @Test
    void answersSettleTheOrdersAndAStopLogsOutAndRecordsTheLastCounts() throws Exception {
        String run = "fi-" + System.nanoTime();
        CountDownLatch settled = new CountDownLatch(2);
        // Handed over before the logon: they wait for it.
        Exchange accepted = FixTestOrders.exchange(camel, run, 1, "ACC-1");
        Exchange refused = FixTestOrders.exchange(camel, run, 2, CLOSED_ACCOUNT);
        sender.process(accepted, doneSync -> settled.countDown());
        sender.process(refused, doneSync -> settled.countDown());
        initiator.start();

        assertThat(settled.await(10, TimeUnit.SECONDS)).as("both orders settled").isTrue();
        assertThat(accepted.getException()).isNull();
        FixOutcomeException outcome = (FixOutcomeException) refused.getException();
        assertThat(outcome.reason()).isEqualTo("fix-session-reject");
        assertThat(outcome.getMessage()).startsWith("Reject of MsgSeqNum ").endsWith(": account closed");
        assertThat(outcome.sent()).isEqualTo(1);

        initiator.stop();
        assertThat(initiator.isRunning()).isFalse();
        assertThat(venue.logouts.await(5, TimeUnit.SECONDS)).as("the venue received a Logout").isTrue();
        assertThat(Session.lookupSession(HAMMER)).as("the session is gone with the initiator").isNull();
        // No fix-report-counts route here: the one ExecutionReport was recorded when the initiator stopped.
        assertThat(store.stats(run)).containsEntry(RunSummaries.FIX_REPORTS_PREFIX + "new", 1L);
    }

    @Test
    void springStopsCamelWhileTheSessionIsStillLoggedOnThenTheInitiator() throws Exception {
        AtomicReference<Boolean> loggedOnWhenCamelStopped = new AtomicReference<>();
        try (GenericApplicationContext spring = new GenericApplicationContext()) {
            SpringCamelContext springCamel = new SpringCamelContext(spring);
            spring.registerBean("camelContext", SpringCamelContext.class, () -> springCamel);
            spring.registerBean("fixInitiator", FixInitiator.class, () -> initiator);
            spring.refresh();
            EventNotifierSupport stopping = new EventNotifierSupport() {
                @Override
                public void notify(CamelEvent event) {
                    if (event instanceof CamelEvent.CamelContextStoppingEvent) {
                        Session session = Session.lookupSession(HAMMER);
                        loggedOnWhenCamelStopped.set(session != null && session.isLoggedOn());
                    }
                }
            };
            springCamel.getManagementStrategy().addEventNotifier(stopping);
            ServiceHelper.startService(stopping);
            initiator.start();
            CountDownLatch settled = new CountDownLatch(1);
            sender.process(FixTestOrders.exchange(camel, "fi-stop-" + System.nanoTime(), 1, "ACC-1"), doneSync -> settled.countDown());
            assertThat(settled.await(10, TimeUnit.SECONDS)).as("logged on and answered").isTrue();
        }
        // Camel's routes drain their in-flight orders when Camel stops: their answers must still come in.
        assertThat(loggedOnWhenCamelStopped.get()).as("FIX session logged on while Camel stopped").isTrue();
        assertThat(initiator.isRunning()).isFalse();
        assertThat(venue.logouts.await(5, TimeUnit.SECONDS)).as("then the initiator logged out").isTrue();
    }

    /** A FIX 4.4 venue: acknowledges each NewOrderSingle, except those of a closed account, which it rejects at the session level. */
    static final class Venue extends ApplicationAdapter {
        final CountDownLatch logouts = new CountDownLatch(1);

        SocketAcceptor acceptor(int port) throws Exception {
            SessionSettings settings = new SessionSettings();
            settings.setString("ConnectionType", "acceptor");
            settings.setString("StartTime", "00:00:00");
            settings.setString("EndTime", "00:00:00");
            settings.setLong("SocketAcceptPort", port);
            settings.setString("UseDataDictionary", "Y");
            settings.setString("DataDictionary", "FIX44.xml");
            settings.setString(AT_VENUE, "BeginString", "FIX.4.4");
            settings.setString(AT_VENUE, "SenderCompID", AT_VENUE.getSenderCompID());
            settings.setString(AT_VENUE, "TargetCompID", AT_VENUE.getTargetCompID());
            return new SocketAcceptor(this, new MemoryStoreFactory(), settings, new SLF4JLogFactory(settings), new DefaultMessageFactory());
        }

        @Override
        public void fromAdmin(Message message, SessionID session) throws FieldNotFound {
            if (MsgType.LOGOUT.equals(message.getHeader().getString(MsgType.FIELD))) {
                logouts.countDown();
            }
        }

        @Override
        public void fromApp(Message message, SessionID session) throws FieldNotFound {
            if (!(message instanceof NewOrderSingle order)) {
                return;
            }
            try {
                if (CLOSED_ACCOUNT.equals(order.getAccount().getValue())) {
                    Reject reject = new Reject(new RefSeqNum(order.getHeader().getInt(MsgSeqNum.FIELD)));
                    reject.set(new Text("account closed"));
                    Session.sendToTarget(reject, session);
                    return;
                }
                ExecutionReport report = new ExecutionReport(new OrderID("o-" + order.getClOrdID().getValue()),
                        new ExecID("e-" + System.nanoTime()), new ExecType(ExecType.NEW), new OrdStatus(OrdStatus.NEW), order.getSide(),
                        new LeavesQty(order.getOrderQty().getValue()), new CumQty(0), new AvgPx(0));
                report.set(order.getClOrdID());
                report.set(order.getSymbol());
                Session.sendToTarget(report, session);
            } catch (SessionNotFound e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
