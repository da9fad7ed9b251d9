package io.hammer.anvil;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import quickfix.Application;
import quickfix.FieldNotFound;
import quickfix.Message;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.SessionNotFound;
import quickfix.UnsupportedMessageType;
import quickfix.field.AvgPx;
import quickfix.field.ClOrdID;
import quickfix.field.CumQty;
import quickfix.field.ExecID;
import quickfix.field.ExecType;
import quickfix.field.LastPx;
import quickfix.field.LastQty;
import quickfix.field.LeavesQty;
import quickfix.field.OrdRejReason;
import quickfix.field.OrdStatus;
import quickfix.field.OrderID;
import quickfix.field.Side;
import quickfix.field.Symbol;
import quickfix.field.Text;
import quickfix.fix44.ExecutionReport;
import quickfix.fix44.NewOrderSingle;

/**
 * What Anvil does with FIX orders: checks each NewOrderSingle (side, positive quantity), writes it
 * to the same journal as the HTTP orders (as JSON, with {@code "transport":"fix"}) and counts it in
 * the same ledger, then answers an ExecutionReport New (and a Fill with {@code anvil.fix.fill}).
 * An invalid order is answered with an ExecutionReport Rejected whose Text says why; an injected
 * fault with a status rejects the order the same way. Other application messages get a
 * BusinessMessageReject from QuickFIX/J.
 */
@Component
public class FixOrderDesk implements Application {
    private static final Logger log = LoggerFactory.getLogger(FixOrderDesk.class);

    private final OrderJournal journal;
    private final OrderLedger ledger;
    private final FaultInjector faults;
    /** Builds the journal's JSON lines; no settings to share with anything else. */
    private final ObjectMapper json = new ObjectMapper();
    private final boolean fill;
    private final AtomicLong ids = new AtomicLong();
    private final ScheduledExecutorService delayed = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "anvil-fix-delay");
        thread.setDaemon(true);
        return thread;
    });

    public FixOrderDesk(OrderJournal journal, OrderLedger ledger, FaultInjector faults, AnvilProperties properties) {
        this.journal = journal;
        this.ledger = ledger;
        this.faults = faults;
        this.fill = properties.fix() != null && properties.fix().fill();
    }

    @Override
    public void fromApp(Message message, SessionID session) throws FieldNotFound, UnsupportedMessageType {
        if (!(message instanceof NewOrderSingle order)) {
            throw new UnsupportedMessageType();
        }
        ledger.fixRequest();
        Optional<FaultInjector.Fault> fault = faults.take();
        if (fault.isPresent() && fault.get().delay() > 0) {
            delayed.schedule(() -> handle(order, session, fault), fault.get().delay(), TimeUnit.MILLISECONDS);
        } else {
            handle(order, session, fault);
        }
    }

    private void handle(NewOrderSingle order, SessionID session, Optional<FaultInjector.Fault> fault) {
        try {
            String problem = fault.map(FaultInjector.Fault::status).map(status -> "injected fault: status " + status)
                    .orElseGet(() -> problem(order));
            if (problem != null) {
                ledger.error();
                send(reject(order, problem), session);
                return;
            }
            byte[] line = json.writeValueAsBytes(toJson(order));
            ReceivedOrder received = new ReceivedOrder(order.getClOrdID().getValue(), runOf(order.getClOrdID().getValue()));
            journal.appendAsync(line, received.runId()).whenComplete((written, failure) -> {
                if (failure != null) {
                    log.error("Cannot journal FIX order {}: {}", received.orderId(), failure.toString());
                    ledger.error();
                    send(reject(order, "cannot write the order to the journal"), session);
                    return;
                }
                ledger.accepted(received);
                send(acknowledge(order, false), session);
                if (fill) {
                    send(acknowledge(order, true), session);
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("Cannot handle FIX order: {}", e.toString());
        }
    }

    /** Why Anvil refuses the order, or null. */
    private static String problem(NewOrderSingle order) {
        try {
            char side = order.getSide().getValue();
            if (side != Side.BUY && side != Side.SELL && side != Side.SELL_SHORT) {
                return "unsupported side " + side;
            }
            if (!(order.getOrderQty().getValue() > 0)) {
                return "OrderQty must be positive, was " + order.getOrderQty().getValue();
            }
            order.getSymbol();
            return null;
        } catch (FieldNotFound e) {
            return "required tag " + e.field + " is missing";
        }
    }

    private ExecutionReport reject(NewOrderSingle order, String reason) {
        ExecutionReport report = report(order, ExecType.REJECTED, OrdStatus.REJECTED, 0, 0);
        report.set(new OrdRejReason(OrdRejReason.OTHER));
        report.set(new Text(reason));
        return report;
    }

    private ExecutionReport acknowledge(NewOrderSingle order, boolean filled) {
        double qty = quantity(order);
        if (!filled) {
            return report(order, ExecType.NEW, OrdStatus.NEW, 0, qty);
        }
        ExecutionReport report = report(order, ExecType.TRADE, OrdStatus.FILLED, qty, 0);
        double price = order.isSetPrice() ? orZero(order) : 0;
        report.set(new LastQty(qty));
        report.set(new LastPx(price));
        report.set(new AvgPx(price));
        return report;
    }

    private ExecutionReport report(NewOrderSingle order, char execType, char status, double cum, double leaves) {
        String clOrdId = field(order, ClOrdID.FIELD);
        String side = field(order, Side.FIELD);
        ExecutionReport report = new ExecutionReport(new OrderID(clOrdId == null ? "unknown" : clOrdId),
                new ExecID("anvil-" + ids.incrementAndGet()), new ExecType(execType), new OrdStatus(status),
                new Side(side == null || side.isEmpty() ? Side.BUY : side.charAt(0)), new LeavesQty(leaves), new CumQty(cum), new AvgPx(0));
        if (clOrdId != null) {
            report.set(new ClOrdID(clOrdId));
        }
        String symbol = field(order, Symbol.FIELD);
        report.set(new Symbol(symbol == null ? "[N/A]" : symbol));
        return report;
    }

    private ObjectNode toJson(NewOrderSingle order) throws FieldNotFound {
        ObjectNode node = json.createObjectNode();
        String clOrdId = order.getClOrdID().getValue();
        node.put("clOrdId", clOrdId);
        node.put("runId", runOf(clOrdId));
        node.put("symbol", order.getSymbol().getValue());
        node.put("side", order.getSide().getValue() == Side.BUY ? "BUY" : order.getSide().getValue() == Side.SELL ? "SELL" : "SELL_SHORT");
        node.put("quantity", order.getOrderQty().getValue());
        if (order.isSetPrice()) {
            node.put("price", order.getPrice().getValue());
        }
        putIfSet(node, "orderType", order, quickfix.field.OrdType.FIELD);
        putIfSet(node, "timeInForce", order, quickfix.field.TimeInForce.FIELD);
        putIfSet(node, "account", order, quickfix.field.Account.FIELD);
        putIfSet(node, "transactTime", order, quickfix.field.TransactTime.FIELD);
        node.put("transport", "fix");
        return node;
    }

    /** Hammer's client order ids are the run id, a dash and a 12-digit sequence number. */
    static String runOf(String clOrdId) {
        int dash = clOrdId.lastIndexOf('-');
        return dash > 0 && clOrdId.length() - dash == 13 ? clOrdId.substring(0, dash) : ReceivedOrder.NO_RUN;
    }

    private static void putIfSet(ObjectNode node, String name, Message message, int tag) {
        String value = field(message, tag);
        if (value != null) {
            node.put(name, value);
        }
    }

    private static String field(Message message, int tag) {
        try {
            return message.isSetField(tag) ? message.getString(tag) : null;
        } catch (FieldNotFound e) {
            return null;
        }
    }

    private static double quantity(NewOrderSingle order) {
        try {
            return order.getOrderQty().getValue();
        } catch (FieldNotFound e) {
            return 0;
        }
    }

    private static double orZero(NewOrderSingle order) {
        try {
            return order.getPrice().getValue();
        } catch (FieldNotFound e) {
            return 0;
        }
    }

    private static void send(Message message, SessionID session) {
        try {
            Session.sendToTarget(message, session);
        } catch (SessionNotFound e) {
            log.warn("FIX session {} is gone; the initiator sends its order again", session);
        }
    }

    @Override
    public void onCreate(SessionID session) {
    }

    @Override
    public void onLogon(SessionID session) {
        log.info("FIX session {} logged on", session);
    }

    @Override
    public void onLogout(SessionID session) {
        log.info("FIX session {} logged out", session);
    }

    @Override
    public void toAdmin(Message message, SessionID session) {
    }

    @Override
    public void fromAdmin(Message message, SessionID session) {
    }

    @Override
    public void toApp(Message message, SessionID session) {
    }
}
