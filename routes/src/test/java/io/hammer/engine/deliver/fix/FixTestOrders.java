package io.hammer.engine.deliver.fix;

import io.hammer.engine.deliver.Delivery;
import io.hammer.engine.run.OrderFields;
import java.nio.charset.StandardCharsets;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;

/** Orders as the deliver route hands them to the FIX step. */
final class FixTestOrders {
    private FixTestOrders() {
    }

    static Exchange exchange(CamelContext camel, String run, long seq, String account) {
        String order = """
                {"clOrdId":"%s","runId":"%s","seq":%d,"symbol":"MSFT","side":"BUY","quantity":10,"price":101.5,
                 "orderType":"LIMIT","timeInForce":"DAY","account":"%s"}""".formatted(OrderFields.clOrdId(run, seq), run, seq, account);
        byte[] bytes = order.getBytes(StandardCharsets.UTF_8);
        Delivery delivery = new Delivery(bytes, OrderFields.clOrdId(run, seq), run, seq, System.currentTimeMillis() * 1_000_000);
        return delivery.toExchange(camel);
    }
}
