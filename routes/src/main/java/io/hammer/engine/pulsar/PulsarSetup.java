package io.hammer.engine.pulsar;

import org.apache.camel.component.pulsar.PulsarComponent;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With {@code hammer.queue=pulsar}: one Pulsar client for the engine (connection pooling and the
 * listener threads are per client), used by Camel's {@code pulsar} component for every route's
 * endpoint and by the replay reader. Connection settings live in {@code hammer.pulsar.*}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "hammer.queue", havingValue = "pulsar")
public class PulsarSetup {

    @Bean(destroyMethod = "close")
    PulsarClient pulsarClient(@Value("${hammer.pulsar.service-url}") String serviceUrl,
                              @Value("${hammer.pulsar.auth-plugin:}") String authPlugin,
                              @Value("${hammer.pulsar.auth-params:}") String authParams) throws PulsarClientException {
        var builder = PulsarClient.builder().serviceUrl(serviceUrl);
        if (!authPlugin.isBlank()) {
            builder.authentication(authPlugin, authParams);
        }
        return builder.build();
    }

    /** Camel finds a component by its bean name: every {@code pulsar:} endpoint shares the one client. */
    @Bean("pulsar")
    PulsarComponent pulsarComponent(PulsarClient client) {
        PulsarComponent component = new PulsarComponent();
        component.setPulsarClient(client);
        return component;
    }
}
