package io.hammer.engine.deliver.fix;

import io.hammer.engine.deliver.Delivery;
import io.hammer.engine.deliver.SendTimes;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import quickfix.FieldNotFound;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.field.MsgSeqNum;
import quickfix.field.PossResend;
import quickfix.fix44.NewOrderSingle;

/**
 * The deliver route's FIX step: sends the order as a NewOrderSingle on the next logged-on session
 * (round robin) and completes the exchange only when the order's fate is known, from
 * {@link FixInbound}: delivered at its first ExecutionReport, dead-lettered at a rejection, or as
 * {@code unanswered} after {@code hammer.fix.timeout}. No thread waits: pending orders are kept by
 * ClOrdID, and one timer sweeps them. While no session is logged on, orders wait in a queue (bounded
 * by the consumers' in-flight window); when a session logs out, the orders it left unanswered wait
 * again and are sent once more, with PossResend=Y, on the next logon: duplicates, counted by the
 * target, never losses.
 */
@Component("fixSender")
public class FixSender extends AsyncProcessorSupport {
    private static final Logger log = LoggerFactory.getLogger(FixSender.class);

    private final NewOrderSingles orders;
    private final SendTimes sendTimes;
    private final List<SessionID> sessions;
    private final boolean enabled;
    private final long timeoutNanos;
    private final Map<String, Pending> byClOrdId = new ConcurrentHashMap<>();
    private final Map<String, Pending> bySeq = new ConcurrentHashMap<>();
    private final Queue<Pending> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger next = new AtomicInteger();
    /** Logons per session so far: which connection of its session an order went out on. */
    private final Map<SessionID, AtomicInteger> connections = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "hammer-fix-timeouts");
        thread.setDaemon(true);
        return thread;
    });

    public FixSender(NewOrderSingles orders, FixSettings settings, FixProperties fix, SendTimes sendTimes) {
        this.orders = orders;
        this.sendTimes = sendTimes;
        this.sessions = settings.sessions();
        this.enabled = fix.enabled();
        this.timeoutNanos = fix.timeout().toNanos();
        sweeper.scheduleWithFixedDelay(this::expire, 100, 100, TimeUnit.MILLISECONDS);
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        Delivery delivery = Delivery.of(exchange);
        if (!enabled) {
            exchange.setException(new FixOutcomeException("fix-unavailable",
                    "FIX delivery is not enabled on this consumer (hammer.fix.enabled=false)", 0));
            callback.done(true);
            return true;
        }
        NewOrderSingle message;
        String clOrdId;
        try {
            message = orders.map(exchange.getMessage().getBody(byte[].class), delivery.intendedNanos());
            clOrdId = message.getClOrdID().getValue();
        } catch (Exception e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        Pending pending = new Pending(clOrdId, delivery.run(), exchange, callback, message, System.nanoTime() + timeoutNanos);
        Pending earlier = byClOrdId.putIfAbsent(clOrdId, pending);
        if (earlier != null) {
            // The same order again while it is still out (a batch delivered twice): it waits for its turn.
            earlier.chain(pending);
            return false;
        }
        send(pending);
        return false;
    }

    /**
     * A session logged on: orders still unanswered from its earlier connections are sent again (the
     * logoff may not have been seen, e.g. a connection lost before its logon), then what was waiting.
     */
    void loggedOn(SessionID session) {
        int connection = connections.computeIfAbsent(session, s -> new AtomicInteger()).incrementAndGet();
        int again = requeue(session, connection);
        log.info("FIX session {} logged on; {} orders waiting, {} of them sent before and unanswered", session,
                waiting.size(), again);
        flush();
    }

    /** A session logged out: its unanswered orders wait for a session again. */
    void loggedOut(SessionID session) {
        int again = requeue(session, Integer.MAX_VALUE);
        log.warn("FIX session {} logged out; {} unanswered orders will be sent again", session, again);
        // QuickFIX/J still calls this session logged on while it reports the logout.
        SessionID other = loggedOnSession();
        if (other != null && !other.equals(session)) {
            flush();
        }
    }

    /** Moves the session's unanswered orders sent on a connection before {@code connection} back to waiting. */
    private int requeue(SessionID session, int connection) {
        int again = 0;
        for (Pending pending : byClOrdId.values()) {
            if (pending.unsend(session, connection)) {
                if (pending.seqKey != null) {
                    bySeq.remove(pending.seqKey);
                }
                waiting.add(pending);
                again++;
            }
        }
        return again;
    }

    private void flush() {
        for (Pending pending = waiting.poll(); pending != null; pending = waiting.poll()) {
            send(pending);
        }
    }

    /** The order's pending entry, or null when it has none (answered already, or not ours). */
    Pending pending(String clOrdId) {
        return clOrdId == null ? null : byClOrdId.get(clOrdId);
    }

    Pending pendingBySeq(SessionID session, int seq) {
        return bySeq.get(seqKey(session, seq));
    }

    /** An order's place in a session: a session Reject names the MsgSeqNum it rejects. */
    private static String seqKey(SessionID session, int seq) {
        return session + "#" + seq;
    }

    /** The order's fate is known: complete its exchange (with {@code failure} when it was not accepted). */
    void complete(Pending pending, FixOutcomeException failure) {
        if (!pending.finish()) {
            return;
        }
        if (pending.seqKey != null) {
            bySeq.remove(pending.seqKey);
        }
        Pending successor = pending.successor();
        if (successor != null) {
            byClOrdId.put(pending.clOrdId, successor);
            send(successor);
        } else {
            byClOrdId.remove(pending.clOrdId, pending);
        }
        if (failure != null) {
            pending.exchange.setException(failure);
        }
        pending.callback.done(false);
    }

    private void send(Pending pending) {
        SessionID session = loggedOnSession();
        if (session == null) {
            waiting.add(pending);
            // A logon may have happened between the look-up and the add.
            if (loggedOnSession() != null && waiting.remove(pending)) {
                send(pending);
            }
            return;
        }
        Session target = Session.lookupSession(session);
        synchronized (pending) {
            if (pending.done) {
                return;
            }
            if (pending.sends > 0) {
                pending.message.getHeader().setField(new PossResend(true));
            } else {
                sendTimes.stamp(pending.exchange); // before the send: its ExecutionReport may come back at once
            }
            if (target == null || !target.isLoggedOn() || !target.send(pending.message)) {
                waiting.add(pending);
                return;
            }
            if (pending.sends > 0) {
                Delivery.countRedelivery(pending.exchange);
            }
            pending.sends++;
            pending.session = session;
            pending.connection = connections.computeIfAbsent(session, s -> new AtomicInteger()).get();
            try {
                pending.seqKey = seqKey(session, pending.message.getHeader().getInt(MsgSeqNum.FIELD));
                bySeq.put(pending.seqKey, pending);
            } catch (FieldNotFound e) {
                pending.seqKey = null;
            }
        }
    }

    private SessionID loggedOnSession() {
        int size = sessions.size();
        int start = Math.floorMod(next.getAndIncrement(), Math.max(1, size));
        for (int i = 0; i < size; i++) {
            SessionID id = sessions.get((start + i) % size);
            Session session = Session.lookupSession(id);
            if (session != null && session.isLoggedOn()) {
                return id;
            }
        }
        return null;
    }

    private void expire() {
        long now = System.nanoTime();
        try {
            for (Pending pending : byClOrdId.values()) {
                if (now - pending.deadline > 0) {
                    waiting.remove(pending);
                    String detail = pending.sends == 0
                            ? "no FIX session was logged on within " + Duration.ofNanos(timeoutNanos)
                            : "no ExecutionReport within " + Duration.ofNanos(timeoutNanos) + " (sent " + pending.sends + " times)";
                    complete(pending, new FixOutcomeException("unanswered", detail, pending.sends));
                }
            }
        } catch (RuntimeException e) {
            log.error("FIX timeout sweep failed: {}", e.toString());
        }
    }

    @PreDestroy
    void stopSweeper() {
        sweeper.shutdownNow();
    }

    /** One order out on FIX, waiting for its fate. */
    static final class Pending {
        final String clOrdId;
        final String run;
        final Exchange exchange;
        final AsyncCallback callback;
        final NewOrderSingle message;
        final long deadline;
        volatile SessionID session;
        volatile int connection;
        volatile String seqKey;
        volatile int sends;
        volatile boolean done;
        private Pending successor;

        Pending(String clOrdId, String run, Exchange exchange, AsyncCallback callback, NewOrderSingle message, long deadline) {
            this.clOrdId = clOrdId;
            this.run = run;
            this.exchange = exchange;
            this.callback = callback;
            this.message = message;
            this.deadline = deadline;
        }

        synchronized boolean finish() {
            if (done) {
                return false;
            }
            done = true;
            return true;
        }

        /** Whether the order was out on {@code lost} before {@code connection} and is now to be sent again. */
        synchronized boolean unsend(SessionID lost, int beforeConnection) {
            if (done || !lost.equals(session) || this.connection >= beforeConnection) {
                return false;
            }
            session = null;
            return true;
        }

        synchronized void chain(Pending later) {
            Pending last = this;
            while (last.successor != null) {
                last = last.successor;
            }
            last.successor = later;
        }

        synchronized Pending successor() {
            return successor;
        }
    }
}
