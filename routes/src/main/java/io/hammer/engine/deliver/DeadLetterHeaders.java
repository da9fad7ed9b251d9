package io.hammer.engine.deliver;

import io.hammer.engine.deliver.fix.FixOutcomeException;
import io.hammer.engine.run.OrderFields;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.springframework.stereotype.Component;

/**
 * Prepares a failed order for the dead-letter topic: the original bytes unchanged, the same key and
 * run headers, and headers saying where and why it failed. Used by the dead-letter route.
 */
@Component("deadLetterHeaders")
public class DeadLetterHeaders implements Processor {
    public static final String STAGE = "hammer-dl-stage";
    public static final String REASON = "hammer-dl-reason";
    public static final String DETAIL = "hammer-dl-detail";
    public static final String STATUS = "hammer-dl-status";
    public static final String EXCEPTION = "hammer-dl-exception";
    public static final String ATTEMPTS = "hammer-dl-attempts";
    public static final String TIME = "hammer-dl-time";
    private static final int MAX_DETAIL = 1000;

    @Override
    public void process(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        Delivery delivery = Delivery.of(exchange);
        int attempts = Delivery.attempts(exchange);

        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setBody(delivery.original());
        if (delivery.key() != null) {
            message.setHeader(KafkaConstants.KEY, delivery.key());
        }
        message.setHeader(OrderFields.RUN_HEADER, delivery.run());
        if (delivery.seq() != null) {
            message.setHeader(OrderFields.SEQ_HEADER, delivery.seq().toString());
        }
        String reason;
        if (cause instanceof InvalidOrderException invalid) {
            reason = invalid.reason();
            message.setHeader(STAGE, "validate");
            message.setHeader(DETAIL, truncate(invalid.getMessage()));
        } else if (cause instanceof RunAbortedException aborted) {
            reason = "aborted";
            message.setHeader(STAGE, "deliver");
            message.setHeader(DETAIL, aborted.getMessage());
        } else if (cause instanceof FixOutcomeException fix) {
            reason = fix.reason();
            message.setHeader(STAGE, "deliver");
            message.setHeader(DETAIL, truncate(fix.getMessage()));
        } else if (cause instanceof HttpOperationFailedException http) {
            reason = http.getStatusCode() < 500 ? "rejected" : "exhausted";
            message.setHeader(STAGE, "deliver");
            message.setHeader(STATUS, Integer.toString(http.getStatusCode()));
            message.setHeader(DETAIL, truncate("HTTP " + http.getStatusCode() + " " + http.getResponseBody()));
        } else {
            reason = "exhausted";
            message.setHeader(STAGE, "deliver");
            message.setHeader(DETAIL, truncate(String.valueOf(cause)));
        }
        if (cause != null) {
            message.setHeader(EXCEPTION, cause.getClass().getName());
        }
        message.setHeader(REASON, reason);
        message.setHeader(TIME, Instant.now().toString());
        exchange.setProperty(Delivery.DEAD_LETTER_REASON, reason);
        boolean sent = !(cause instanceof InvalidOrderException || cause instanceof RunAbortedException);
        int submitted = cause instanceof FixOutcomeException fix ? fix.sent() : sent ? attempts : 0;
        message.setHeader(ATTEMPTS, Integer.toString(submitted));
        exchange.setProperty(Delivery.SUBMITTED, submitted);
    }

    private static String truncate(String text) {
        return text == null || text.length() <= MAX_DETAIL ? text : text.substring(0, MAX_DETAIL) + "...";
    }
}
