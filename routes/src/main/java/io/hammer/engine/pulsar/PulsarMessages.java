package io.hammer.engine.pulsar;

import java.util.HashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.pulsar.utils.message.PulsarMessageHeaders;
import org.springframework.stereotype.Component;

/**
 * Puts a record the engine prepared (an order of a chunk, by produce/ChunkPublisher, or a dead letter,
 * by deliver/DeadLetterHeaders) in Pulsar's terms before camel-pulsar sends it: the key (the client
 * order id, which those mark with camel-kafka's key header) becomes the message key, and every
 * {@code hammer-*} header (run id, sequence, the dead letter's stage, reason, detail...) a message
 * property of the same name, as Kafka carries them as record headers.
 */
@Component("pulsarMessage")
public class PulsarMessages implements Processor {
    static final String HAMMER_HEADERS = "hammer-";

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        String key = message.getHeader(KafkaConstants.KEY, String.class);
        if (key != null) {
            message.setHeader(PulsarMessageHeaders.KEY_OUT, key);
        }
        Map<String, String> properties = new HashMap<>();
        message.getHeaders().forEach((name, value) -> {
            if (name.startsWith(HAMMER_HEADERS) && value != null) {
                properties.put(name, value.toString());
            }
        });
        message.setHeader(PulsarMessageHeaders.PROPERTIES_OUT, properties);
    }
}
