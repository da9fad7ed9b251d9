package io.hammer.engine.pulsar;

import io.hammer.engine.deliver.Delivery;
import io.hammer.engine.deliver.DeliveryPipeline;
import io.hammer.engine.deliver.Receipt;
import io.hammer.engine.run.OrderFields;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.pulsar.PulsarMessageReceipt;
import org.apache.camel.component.pulsar.utils.message.PulsarMessageHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Pulsar's side of the deliver stage. The consume route (queues/pulsar/consume.yaml, manual
 * acknowledgement) hands it each message on the Pulsar listener thread; it passes the order to the
 * {@link DeliveryPipeline}, which paces, sends and records it, and waits only while the pipeline has
 * no room (the listener then stops taking messages, and the consumer's receiver queue bounds what
 * Pulsar pushes ahead). Each message is acknowledged individually, once its outcome is in Redis: a
 * consumer that dies before that has its unacknowledged messages delivered to the subscription's
 * other consumers, or to itself when it comes back (duplicates, counted, never losses).
 */
@Component("pulsarDelivery")
public class PulsarDelivery implements Processor {
    private static final Logger log = LoggerFactory.getLogger(PulsarDelivery.class);

    private final DeliveryPipeline pipeline;

    public PulsarDelivery(DeliveryPipeline pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message message = exchange.getMessage();
        PulsarMessageReceipt receipt = message.getHeader(PulsarMessageHeaders.MESSAGE_RECEIPT, PulsarMessageReceipt.class);
        if (receipt == null) {
            throw new IllegalStateException("the consume route must set allowManualAcknowledgement=true: an order is "
                    + "acknowledged only once its outcome is recorded");
        }
        Map<?, ?> properties = message.getHeader(PulsarMessageHeaders.PROPERTIES, Map.class);
        Delivery delivery = Delivery.read(message.getBody(byte[].class), message.getHeader(PulsarMessageHeaders.KEY, String.class),
                property(properties, OrderFields.RUN_HEADER), property(properties, OrderFields.SEQ_HEADER));
        // Not accepting (stopping): not acknowledged, so Pulsar gives it to another consumer.
        pipeline.hand(List.of(new DeliveryPipeline.Order(delivery, new Acknowledgement(receipt, delivery.key()))));
    }

    private static String property(Map<?, ?> properties, String name) {
        Object value = properties == null ? null : properties.get(name);
        return value == null ? null : value.toString();
    }

    /** Acknowledges the message once its outcome is recorded. */
    private record Acknowledgement(PulsarMessageReceipt receipt, String key) implements Receipt {
        /** A live consumer's unacknowledged messages stay its own (no ack timeout is set). */
        @Override
        public boolean owned() {
            return true;
        }

        @Override
        public void recorded() {
            receipt.acknowledgeAsync().exceptionally(e -> {
                // The outcome is recorded; Pulsar delivers the message again and it is counted as a duplicate.
                log.warn("Order {}: acknowledgement failed, Pulsar will deliver it again: {}", key, e.toString());
                return null;
            });
        }
    }
}
