package io.hammer.engine.deliver.fix;

import io.hammer.engine.account.Metrics;
import io.hammer.engine.account.RunSummaries;
import io.hammer.engine.run.OrderFields;
import io.hammer.engine.run.RunStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import quickfix.FieldNotFound;
import quickfix.Message;
import quickfix.SessionID;
import quickfix.field.BusinessRejectRefID;
import quickfix.field.ClOrdID;
import quickfix.field.ExecType;
import quickfix.field.MsgType;
import quickfix.field.OrdStatus;
import quickfix.field.RefSeqNum;
import quickfix.field.Text;

/**
 * What comes back over FIX, from the initiator ({@link FixApplication}): logons and logouts (for
 * {@link FixSender}), and each order's answers. The first ExecutionReport of an order decides it:
 * OrdStatus Rejected dead-letters it as {@code fix-rejected}, anything else delivers it. A session
 * Reject or a BusinessMessageReject of an order dead-letters it too. Every ExecutionReport, first or
 * later, is counted by kind (new, partial-fill, fill, canceled, ...) in {@code hammer.fix.reports}
 * and in the run's summary.
 */
@Component("fixInbound")
public class FixInbound {
    private static final Logger log = LoggerFactory.getLogger(FixInbound.class);

    private final FixSender sender;
    private final Metrics metrics;
    private final RunStore store;
    /** Report counts per run and kind not yet added to the run's figures in Redis. */
    private final Map<String, Map<String, LongAdder>> owed = new ConcurrentHashMap<>();

    public FixInbound(FixSender sender, Metrics metrics, RunStore store) {
        this.sender = sender;
        this.metrics = metrics;
        this.store = store;
    }

    /** What happened on a FIX session: QuickFIX/J's callbacks that matter here. */
    public enum Event {
        LOGON, LOGOUT, ADMIN_MESSAGE, APP_MESSAGE
    }

    /** @param message the message received, for {@code ADMIN_MESSAGE} and {@code APP_MESSAGE}; else null */
    public void onEvent(Event event, SessionID session, Message message) {
        try {
            switch (event) {
                case LOGON -> sender.loggedOn(session);
                case LOGOUT -> sender.loggedOut(session);
                case ADMIN_MESSAGE, APP_MESSAGE -> received(message, session);
            }
        } catch (FieldNotFound | RuntimeException e) {
            // Never throw back into QuickFIX/J: a message it cannot hand over it answers with a reject.
            log.warn("Cannot handle a FIX {} on {}: {}", event, session, e.toString());
        }
    }

    private void received(Message message, SessionID session) throws FieldNotFound {
        if (message == null) {
            return;
        }
        String type = message.getHeader().getString(MsgType.FIELD);
        switch (type) {
            case MsgType.EXECUTION_REPORT -> executionReport(message);
            case MsgType.REJECT -> {
                int refSeq = message.isSetField(RefSeqNum.FIELD) ? message.getInt(RefSeqNum.FIELD) : -1;
                FixSender.Pending pending = sender.pendingBySeq(session, refSeq);
                if (pending != null) {
                    sender.complete(pending, rejected("fix-session-reject", "Reject of MsgSeqNum " + refSeq, message, pending));
                } else {
                    log.warn("FIX session Reject of MsgSeqNum {} on {} matches no pending order: {}", refSeq, session, text(message));
                }
            }
            case MsgType.BUSINESS_MESSAGE_REJECT -> {
                FixSender.Pending pending = sender.pending(message.isSetField(BusinessRejectRefID.FIELD)
                        ? message.getString(BusinessRejectRefID.FIELD) : null);
                if (pending == null && message.isSetField(RefSeqNum.FIELD)) {
                    pending = sender.pendingBySeq(session, message.getInt(RefSeqNum.FIELD));
                }
                if (pending != null) {
                    sender.complete(pending, rejected("fix-business-reject", "BusinessMessageReject", message, pending));
                } else {
                    log.warn("FIX BusinessMessageReject on {} matches no pending order: {}", session, text(message));
                }
            }
            default -> {
            }
        }
    }

    private void executionReport(Message report) throws FieldNotFound {
        String clOrdId = report.isSetField(ClOrdID.FIELD) ? report.getString(ClOrdID.FIELD) : null;
        char status = report.isSetField(OrdStatus.FIELD) ? report.getChar(OrdStatus.FIELD) : 0;
        char execType = report.isSetField(ExecType.FIELD) ? report.getChar(ExecType.FIELD) : 0;
        FixSender.Pending pending = sender.pending(clOrdId);
        String run = pending != null ? pending.run : runOf(clOrdId);
        count(run, kind(execType, status));
        if (pending == null) {
            return;
        }
        boolean rejected = status == OrdStatus.REJECTED || execType == ExecType.REJECTED;
        sender.complete(pending, rejected ? rejected("fix-rejected", "ExecutionReport Rejected", report, pending) : null);
    }

    /** Adds the counted reports to the runs' figures: every second (fix-report-counts), and when the initiator stops. */
    public void publish() {
        owed.forEach((run, kinds) -> kinds.forEach((kind, adder) -> {
            long n = adder.sumThenReset();
            if (n > 0) {
                try {
                    store.addStat(run, RunSummaries.FIX_REPORTS_PREFIX + kind, n);
                } catch (RuntimeException e) {
                    adder.add(n);
                    log.warn("Cannot record FIX report counts in Redis; keeping them: {}", e.toString());
                }
            }
        }));
    }

    private void count(String run, String kind) {
        metrics.fixReport(run, kind);
        owed.computeIfAbsent(run, r -> new ConcurrentHashMap<>()).computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    private static FixOutcomeException rejected(String reason, String what, Message message, FixSender.Pending pending) {
        String text = text(message);
        return new FixOutcomeException(reason, what + (text == null ? "" : ": " + text), pending.sends);
    }

    private static String text(Message message) {
        try {
            return message.isSetField(Text.FIELD) ? message.getString(Text.FIELD) : null;
        } catch (FieldNotFound e) {
            return null;
        }
    }

    static String kind(char execType, char status) {
        return switch (execType) {
            case ExecType.NEW -> "new";
            case ExecType.TRADE, ExecType.PARTIAL_FILL, ExecType.FILL -> status == OrdStatus.FILLED || execType == ExecType.FILL ? "fill" : "partial-fill";
            case ExecType.CANCELED -> "canceled";
            case ExecType.REPLACED -> "replaced";
            case ExecType.REJECTED -> "rejected";
            case ExecType.EXPIRED -> "expired";
            case ExecType.PENDING_NEW -> "pending-new";
            default -> status == OrdStatus.REJECTED ? "rejected" : "other";
        };
    }

    private static String runOf(String clOrdId) {
        String run = clOrdId == null ? null : OrderFields.runOf(clOrdId);
        return run == null ? io.hammer.engine.deliver.Delivery.UNKNOWN_RUN : run;
    }
}
