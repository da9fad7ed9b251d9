package io.hammer.anvil;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import quickfix.Application;
import quickfix.DefaultMessageFactory;
import quickfix.MemoryStoreFactory;
import quickfix.Message;
import quickfix.SLF4JLogFactory;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.SessionSettings;
import quickfix.SocketInitiator;
import quickfix.field.Account;
import quickfix.field.ClOrdID;
import quickfix.field.ExecType;
import quickfix.field.MsgType;
import quickfix.field.OrdStatus;
import quickfix.field.OrdType;
import quickfix.field.OrderQty;
import quickfix.field.Price;
import quickfix.field.Side;
import quickfix.field.Symbol;
import quickfix.field.Text;
import quickfix.field.TransactTime;
import quickfix.fix44.NewOrderSingle;

/** Anvil's FIX 4.4 acceptor over a real socket, driven by a plain QuickFIX/J initiator. */
@SpringBootTest(classes = AnvilApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=anvil", "spring.security.user.password=anvil-test", "anvil.fix.fill=true"})
class FixAcceptorTest {
    static final Path DATA = tempDir();
    static final int FIX_PORT = freePort();
    static final SessionID SESSION = new SessionID("FIX.4.4", "TEST", "ANVIL");
    static final BlockingQueue<Message> RECEIVED = new LinkedBlockingQueue<>();
    static SocketInitiator initiator;
    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("anvil.data-dir", DATA::toString);
        registry.add("anvil.fix.port", () -> FIX_PORT);
    }

    @BeforeAll
    static void logOn() throws Exception {
        SessionSettings settings = new SessionSettings();
        settings.setString("ConnectionType", "initiator");
        settings.setString("StartTime", "00:00:00");
        settings.setString("EndTime", "00:00:00");
        settings.setLong("HeartBtInt", 30);
        settings.setLong("ReconnectInterval", 1);
        settings.setString("ResetOnLogon", "Y");
        settings.setString("UseDataDictionary", "Y");
        settings.setString("DataDictionary", "FIX44.xml");
        settings.setString(SESSION, "BeginString", "FIX.4.4");
        settings.setString(SESSION, "SenderCompID", "TEST");
        settings.setString(SESSION, "TargetCompID", "ANVIL");
        settings.setString(SESSION, "SocketConnectHost", "127.0.0.1");
        settings.setLong(SESSION, "SocketConnectPort", FIX_PORT);
        initiator = new SocketInitiator(new Collector(), new MemoryStoreFactory(), settings, new SLF4JLogFactory(settings),
                new DefaultMessageFactory());
        initiator.start();
    }

    @AfterAll
    static void logOut() {
        initiator.stop(true);
    }

    @Test
    void aValidOrderIsJournalledCountedAndAnsweredNewThenFill() throws Exception {
        awaitLogon();
        String run = "fixrun-" + System.nanoTime();
        String clOrdId = run + "-000000000001";
        send(order(clOrdId, Side.BUY, "100"));
        Message first = next(clOrdId);
        assertThat(first.getChar(ExecType.FIELD)).isEqualTo(ExecType.NEW);
        assertThat(first.getChar(OrdStatus.FIELD)).isEqualTo(OrdStatus.NEW);
        Message second = next(clOrdId);
        assertThat(second.getChar(ExecType.FIELD)).isEqualTo(ExecType.TRADE);
        assertThat(second.getChar(OrdStatus.FIELD)).isEqualTo(OrdStatus.FILLED);

        send(order(clOrdId, Side.BUY, "100"));
        assertThat(next(clOrdId).getChar(ExecType.FIELD)).isEqualTo(ExecType.NEW);
        next(clOrdId);
        JsonNode stats = admin("/admin/stats?runId=" + run);
        assertThat(stats.path("distinct").asLong()).isEqualTo(1);
        assertThat(stats.path("duplicates").asLong()).isEqualTo(1);
        assertThat(admin("/admin/stats").path("fixOrders").asLong()).isGreaterThanOrEqualTo(2);
        String journal = AnvilTest.journal(DATA);
        assertThat(journal.lines().filter(line -> line.contains("\"clOrdId\":\"" + clOrdId + "\""))).hasSize(2)
                .allSatisfy(line -> assertThat(line).contains("\"transport\":\"fix\"").contains("\"runId\":\"" + run + "\"")
                        .contains("\"symbol\":\"AAPL\"").contains("\"side\":\"BUY\""));
    }

    @Test
    void invalidOrdersAreRejectedWithTheReason() throws Exception {
        awaitLogon();
        long errorsBefore = admin("/admin/stats").path("totalErrors").asLong();
        String run = "fixbad-" + System.nanoTime();

        send(order(run + "-000000000001", Side.BUY, "0"));
        Message zero = next(run + "-000000000001");
        assertThat(zero.getChar(OrdStatus.FIELD)).isEqualTo(OrdStatus.REJECTED);
        assertThat(zero.getString(Text.FIELD)).isEqualTo("OrderQty must be positive, was 0.0");

        send(order(run + "-000000000002", Side.CROSS, "10"));
        Message cross = next(run + "-000000000002");
        assertThat(cross.getChar(OrdStatus.FIELD)).isEqualTo(OrdStatus.REJECTED);
        assertThat(cross.getString(Text.FIELD)).isEqualTo("unsupported side 8");

        // A side FIX 4.4 does not define fails the data dictionary: a session-level Reject.
        NewOrderSingle unknown = order(run + "-000000000003", Side.BUY, "10");
        unknown.setChar(Side.FIELD, 'Z');
        send(unknown);
        Message reject = nextOfType(MsgType.REJECT);
        assertThat(reject.getString(Text.FIELD)).containsIgnoringCase("incorrect");

        assertThat(admin("/admin/stats?runId=" + run).path("distinct").asLong()).isZero();
        assertThat(admin("/admin/stats").path("totalErrors").asLong() - errorsBefore).isEqualTo(2);
    }

    private static NewOrderSingle order(String clOrdId, char side, String quantity) {
        NewOrderSingle order = new NewOrderSingle(new ClOrdID(clOrdId), new Side(side), new TransactTime(LocalDateTime.now()),
                new OrdType(OrdType.LIMIT));
        order.set(new Symbol("AAPL"));
        order.setString(OrderQty.FIELD, quantity);
        order.setString(Price.FIELD, "101.25");
        order.set(new Account("ACC-1"));
        return order;
    }

    private static void send(Message message) throws Exception {
        assertThat(Session.sendToTarget(message, SESSION)).isTrue();
    }

    private static void awaitLogon() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!(Session.lookupSession(SESSION) != null && Session.lookupSession(SESSION).isLoggedOn()) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(Session.lookupSession(SESSION).isLoggedOn()).isTrue();
    }

    /** The next ExecutionReport for this order (reports of other orders are skipped). */
    private static Message next(String clOrdId) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Message message = RECEIVED.poll(100, TimeUnit.MILLISECONDS);
            if (message != null && MsgType.EXECUTION_REPORT.equals(message.getHeader().getString(MsgType.FIELD))
                    && clOrdId.equals(message.getString(ClOrdID.FIELD))) {
                return message;
            }
        }
        throw new AssertionError("no ExecutionReport for " + clOrdId);
    }

    private static Message nextOfType(String type) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Message message = RECEIVED.poll(100, TimeUnit.MILLISECONDS);
            if (message != null && type.equals(message.getHeader().getString(MsgType.FIELD))) {
                return message;
            }
        }
        throw new AssertionError("no message of type " + type);
    }

    private JsonNode admin(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("admin:anvil-test".getBytes(StandardCharsets.UTF_8)))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return json.readTree(response.body());
    }

    /** Keeps every message the acceptor sends, session-level Rejects included. */
    static final class Collector implements Application {
        public void onCreate(SessionID session) {
        }

        public void onLogon(SessionID session) {
        }

        public void onLogout(SessionID session) {
        }

        public void toAdmin(Message message, SessionID session) {
        }

        public void fromAdmin(Message message, SessionID session) {
            RECEIVED.add(message);
        }

        public void toApp(Message message, SessionID session) {
        }

        public void fromApp(Message message, SessionID session) {
            RECEIVED.add(message);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("anvil-fix-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
