package io.hammer.engine.deliver.fix;

import static io.hammer.engine.run.OrderFields.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.springframework.stereotype.Component;
import quickfix.field.Account;
import quickfix.field.ClOrdID;
import quickfix.field.HandlInst;
import quickfix.field.OrdType;
import quickfix.field.OrderQty;
import quickfix.field.Price;
import quickfix.field.Side;
import quickfix.field.Symbol;
import quickfix.field.TimeInForce;
import quickfix.field.TransactTime;
import quickfix.fix44.NewOrderSingle;

/**
 * Maps an order (already validated) to a FIX 4.4 NewOrderSingle with standard tags only: ClOrdID(11)
 * = clOrdId, Symbol(55), Side(54), OrderQty(38), Price(44) for limit orders, OrdType(40),
 * TimeInForce(59), Account(1), TransactTime(60) = the order's intended send time. Quantities and
 * prices keep the order's own digits.
 */
@Component
public class NewOrderSingles {
    private final ObjectMapper json;

    public NewOrderSingles(ObjectMapper json) {
        this.json = json;
    }

    public NewOrderSingle map(byte[] order, long intendedEpochNanos) throws IOException {
        JsonNode node = json.readTree(order);
        String type = node.path(ORDER_TYPE).asText();
        NewOrderSingle message = new NewOrderSingle(new ClOrdID(node.path(CL_ORD_ID).asText()), side(node.path(SIDE).asText()),
                new TransactTime(LocalDateTime.ofInstant(Instant.ofEpochSecond(0, intendedEpochNanos), ZoneOffset.UTC)),
                new OrdType("MARKET".equals(type) ? OrdType.MARKET : OrdType.LIMIT));
        message.set(new HandlInst(HandlInst.AUTOMATED_EXECUTION_ORDER_PRIVATE_NO_BROKER_INTERVENTION));
        message.set(new Symbol(node.path(SYMBOL).asText()));
        message.setString(OrderQty.FIELD, node.path(QUANTITY).decimalValue().toPlainString());
        JsonNode price = node.get(PRICE);
        if (!"MARKET".equals(type) && price != null && price.isNumber()) {
            message.setString(Price.FIELD, price.decimalValue().toPlainString());
        }
        message.set(timeInForce(node.path(TIME_IN_FORCE_FIELD).asText()));
        message.set(new Account(node.path(ACCOUNT).asText()));
        return message;
    }

    private static Side side(String side) {
        return new Side("SELL".equals(side) ? Side.SELL : Side.BUY);
    }

    private static TimeInForce timeInForce(String tif) {
        return new TimeInForce(switch (tif) {
            case "GTC" -> TimeInForce.GOOD_TILL_CANCEL;
            case "IOC" -> TimeInForce.IMMEDIATE_OR_CANCEL;
            case "FOK" -> TimeInForce.FILL_OR_KILL;
            default -> TimeInForce.DAY;
        });
    }
}
