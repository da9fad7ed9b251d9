package io.hammer.engine.deliver;

import io.hammer.engine.HammerProperties;
import io.hammer.engine.deliver.fix.FixOutcomeException;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.DeadLetterChannelBuilder;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.springframework.stereotype.Component;

/**
 * The one error policy of the deliver stage, shared by routes that declare
 * {@code routeConfigurationId: dead-letter}: every failure ends in {@code direct:dead-letter}.
 * Invalid orders and 4xx answers go there at once; 5xx, timeouts and connection errors after
 * bounded retries with exponential backoff, scheduled without holding a thread. If the dead-letter
 * topic itself refuses the order, the failure is not swallowed: the batch keeps the order.
 */
@Component
public class DeadLetterConfiguration extends RouteConfigurationBuilder {
    public static final String ID = "dead-letter";
    private final HammerProperties.Target target;

    public DeadLetterConfiguration(HammerProperties properties) {
        this.target = properties.target();
    }

    @Override
    public void configuration() {
        DeadLetterChannelBuilder deadLetter = deadLetterChannel("direct:dead-letter");
        deadLetter.deadLetterHandleNewException(false)
                .maximumRedeliveries(target.retries())
                .redeliveryDelay(target.retryDelay().toMillis())
                .useExponentialBackOff()
                .backOffMultiplier(2)
                .maximumRedeliveryDelay(target.maxRetryDelay().toMillis())
                .asyncDelayedRedelivery()
                .onRedelivery(Delivery::countRedelivery)
                .retryAttemptedLogLevel(LoggingLevel.DEBUG)
                .logExhausted(false)
                .logStackTrace(false);

        RouteConfigurationDefinition config = routeConfiguration(ID);
        config.errorHandler(deadLetter);
        config.onException(InvalidOrderException.class, RunAbortedException.class, FixOutcomeException.class).maximumRedeliveries(0);
        config.onException(HttpOperationFailedException.class)
                .onWhen(exchange -> isClientError(exchange.getException(HttpOperationFailedException.class)))
                .maximumRedeliveries(0);
    }

    private static boolean isClientError(HttpOperationFailedException e) {
        return e != null && e.getStatusCode() >= 400 && e.getStatusCode() < 500;
    }
}
