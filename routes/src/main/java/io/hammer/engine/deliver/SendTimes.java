package io.hammer.engine.deliver;

import io.hammer.engine.account.OrderTimings;
import java.time.Clock;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Stamps the moment an order really goes out to the target on its exchange (epoch nanos), so that
 * its latency from the intended send time splits into Hammer's own send delay (sent - intended) and
 * the target's service time (outcome - sent). The deliver route calls it as the step right before the
 * HTTP request (a redelivery starts again at the request, not at this step); the FIX step before it
 * hands the NewOrderSingle to its session the first time. Only the first send counts: a retry or a
 * resend after a logout is the target's doing and stays in its service time.
 */
@Component("sendTimes")
public class SendTimes implements Processor {
    static final String SENT_AT = "hammerSentAt";

    private final Clock clock;

    public SendTimes(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        stamp(exchange);
    }

    public void stamp(Exchange exchange) {
        exchange.setProperty(SENT_AT, OrderTimings.epochNanos(clock));
    }

    /** When the order was first sent (epoch nanos), or null when it never was (invalid, aborted). */
    public static Long sentAt(Exchange exchange) {
        return exchange.getProperty(SENT_AT, Long.class);
    }
}
