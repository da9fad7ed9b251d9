package io.hammer.engine.deliver;

import io.hammer.engine.run.OrderFields;
import io.hammer.engine.run.OrderKeys;
import java.nio.charset.StandardCharsets;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultExchange;

/**
 * One order on its way to the target, taken from a Kafka record or a Pulsar message: the original bytes (what the dead
 * letter keeps), its key, run and sequence number, and its intended send time (epoch nanos), which
 * its latency is measured from. The intended time is set when the order gets its slot.
 */
public record Delivery(byte[] original, String key, String run, Long seq, long intendedNanos) {
    /** Unknown run: a message that carries no run id, such as one written to the topic by hand. */
    public static final String UNKNOWN_RUN = "unknown";
    public static final String DEAD_LETTER_REASON = "hammerDeadLetterReason";
    /** Requests a dead-lettered order made to the target (0 when it failed validation). */
    public static final String SUBMITTED = "hammerSubmitted";
    /** How the deliver route sends the order: {@code http} or {@code fix}, the run's transport. */
    public static final String TRANSPORT = "hammerTransport";
    private static final String PROPERTY = "hammerDelivery";
    /**
     * Requests made to the target so far. Kept as a property because Camel removes its own redelivery
     * headers before an exchange reaches the dead letter channel.
     */
    private static final String ATTEMPTS = "hammerAttempts";

    /** From a Kafka record: key, and run id and sequence as headers. */
    public static Delivery fromRecord(Exchange record) {
        Message message = record.getMessage();
        return read(message.getBody(byte[].class), message.getHeader(KafkaConstants.KEY, String.class),
                header(message, OrderFields.RUN_HEADER), header(message, OrderFields.SEQ_HEADER));
    }

    /**
     * From a message of either queue: the run id and sequence it carries beside the order (Kafka
     * headers, Pulsar properties), or else those in the order itself.
     */
    public static Delivery read(byte[] original, String key, String run, String seq) {
        if (run == null || seq == null) {
            OrderKeys keys = original == null ? new OrderKeys(null, null, null) : OrderKeys.read(original);
            run = run != null ? run : keys.runId();
            seq = seq != null ? seq : keys.seq() == null ? null : keys.seq().toString();
        }
        return new Delivery(original == null ? new byte[0] : original, key, run == null ? UNKNOWN_RUN : run, parseSeq(seq), 0);
    }

    /** A fresh exchange for the deliver route: the order as body, JSON content type, nothing else. */
    public Exchange toExchange(CamelContext camel) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(PROPERTY, this);
        exchange.getMessage().setBody(original);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        return exchange;
    }

    /** Called before each redelivery: one more request to the target. */
    public static void countRedelivery(Exchange exchange) {
        exchange.setProperty(ATTEMPTS, attempts(exchange) + 1);
    }

    public static int attempts(Exchange exchange) {
        return exchange.getProperty(ATTEMPTS, 1, Integer.class);
    }

    public static Delivery of(Exchange exchange) {
        return exchange.getProperty(PROPERTY, Delivery.class);
    }

    public Delivery intendedAt(long epochNanos) {
        return new Delivery(original, key, run, seq, epochNanos);
    }

    private static String header(Message message, String name) {
        Object value = message.getHeader(name);
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : value == null ? null : value.toString();
    }

    private static Long parseSeq(String seq) {
        try {
            return seq == null ? null : Long.valueOf(seq.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
