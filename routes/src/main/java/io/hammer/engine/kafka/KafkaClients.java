package io.hammer.engine.kafka;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Ordered;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The one place every Kafka client of Hammer takes its connection from: Spring Boot's {@code spring.kafka.*}
 * (bootstrap-servers, security.protocol, ssl.*, an SSL bundle, and every {@code spring.kafka.properties[...]}
 * entry such as sasl.mechanism and sasl.jaas.config), as Boot resolves them for its own KafkaAdmin.
 * <p>
 * camel-kafka-starter's bridge (SpringKafkaPropertiesAutoConfiguration) carries only part of that to
 * Camel's kafka component: the bootstrap servers, security.protocol, the key and trust store settings
 * and sasl.mechanism, sasl.jaas.config, sasl.kerberos.service.name. PEM certificates, SSL bundles,
 * ssl.endpoint.identification.algorithm, callback handlers (OAUTHBEARER) and any other property would
 * be dropped, so the component also gets {@link #security()} as additionalProperties, which Camel
 * applies after its own options. The clients Hammer creates itself build on {@link #client} and
 * {@link #admin}.
 */
@Configuration(proxyBeanMethods = false)
public class KafkaClients {
    private static final Set<String> SECURITY_PREFIXES = Set.of("ssl.", "sasl.");

    private final Map<String, Object> admin;
    private final Map<String, Object> security;

    public KafkaClients(KafkaAdmin kafkaAdmin, KafkaProperties properties) {
        this.admin = Collections.unmodifiableMap(new HashMap<>(kafkaAdmin.getConfigurationProperties()));
        Map<String, Object> security = new HashMap<>();
        admin.forEach((key, value) -> {
            if (isSecurity(key) || properties.getProperties().containsKey(key)) {
                security.put(key, value);
            }
        });
        this.security = Collections.unmodifiableMap(security);
    }

    /** An admin client's settings: Boot's, as its KafkaAdmin has them. */
    public Map<String, Object> admin() {
        return admin;
    }

    /** The settings every client shares besides the bootstrap servers: security and {@code spring.kafka.properties}. */
    public Map<String, Object> security() {
        return security;
    }

    /** A consumer's or producer's settings: the bootstrap servers, {@link #security()}, then {@code settings} of its own. */
    public Map<String, Object> client(Map<String, Object> settings) {
        Map<String, Object> config = new HashMap<>(security);
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, admin.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG));
        config.putAll(settings);
        return config;
    }

    /** Runs after camel.component.kafka.* is applied, so that the security settings win over Camel's defaults. */
    @Bean
    ComponentCustomizer kafkaComponentSecurity() {
        return ComponentCustomizer.builder(KafkaComponent.class).withOrder(Ordered.LOWEST).build(component -> {
            Map<String, Object> additional = new HashMap<>();
            if (component.getConfiguration().getAdditionalProperties() != null) {
                additional.putAll(component.getConfiguration().getAdditionalProperties());
            }
            additional.putAll(security);
            component.getConfiguration().setAdditionalProperties(additional);
        });
    }

    private static boolean isSecurity(String key) {
        return key.equals(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG) || key.equals(SslBundle.class.getName())
                || SECURITY_PREFIXES.stream().anyMatch(key::startsWith);
    }
}
