package io.hammer.engine.pipeline;

import io.hammer.engine.local.LocalStack;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A local stack whose Kafka broker has one client listener, SASL_PLAINTEXT with the PLAIN mechanism:
 * a client without the SASL settings cannot talk to it. One per test JVM, stopped when the JVM exits.
 */
public final class SaslTestStack {
    /** The broker's users: itself (inter-broker) and Hammer. */
    private static final String BROKER_JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required"
            + " username=\"broker\" password=\"broker-secret\" user_broker=\"broker-secret\" user_hammer=\"hammer-secret\";";
    public static final String CLIENT_JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required"
            + " username=\"hammer\" password=\"hammer-secret\";";
    private static LocalStack stack;

    private SaslTestStack() {
    }

    public static synchronized LocalStack get() {
        if (stack == null) {
            // The test kit names the client listener EXTERNAL and the KRaft one CONTROLLER.
            stack = TestStack.startUntilExit(Map.of(
                    "listener.security.protocol.map", "EXTERNAL:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT",
                    "sasl.enabled.mechanisms", "PLAIN",
                    "sasl.mechanism.inter.broker.protocol", "PLAIN",
                    "listener.name.external.plain.sasl.jaas.config", BROKER_JAAS));
        }
        return stack;
    }

    /** The engine's settings for this stack: the stack's, and the SASL settings only as Spring Boot's spring.kafka.*. */
    public static Map<String, Object> engineProperties() {
        Map<String, Object> properties = new LinkedHashMap<>(get().engineProperties());
        properties.put("spring.kafka.security.protocol", "SASL_PLAINTEXT");
        properties.put("spring.kafka.properties[sasl.mechanism]", "PLAIN");
        properties.put("spring.kafka.properties[sasl.jaas.config]", CLIENT_JAAS);
        return properties;
    }
}
