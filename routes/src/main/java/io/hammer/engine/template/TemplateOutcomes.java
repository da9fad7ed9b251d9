package io.hammer.engine.template;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import io.hammer.engine.run.InvalidRunException;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What a template's route did, handed to whoever instantiated it and waits (the REST API, hence
 * the CLI). The work runs in the route either way, so a route made from YAML does exactly the same;
 * nobody waits on it, and a failure is in the log.
 */
@Component
public class TemplateOutcomes {
    private static final Logger log = LoggerFactory.getLogger(TemplateOutcomes.class);
    private final Map<String, CompletableFuture<Object>> waiting = new ConcurrentHashMap<>();

    /** Call before the route is created: its outcome completes the returned future. */
    CompletableFuture<Object> expect(String routeId) {
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        waiting.put(routeId, outcome);
        return outcome;
    }

    void forget(String routeId) {
        waiting.remove(routeId);
    }

    /**
     * Runs a template's work for the route of {@code exchange} and reports its result or failure once
     * the exchange is over (so that the route can then be stopped at once). A refused request
     * ({@link InvalidRunException}) ends the exchange with a one-line warning; anything else fails it.
     */
    public <T> T report(Exchange exchange, Callable<T> work) throws Exception {
        CompletableFuture<Object> outcome = waiting.remove(exchange.getFromRouteId());
        T result;
        try {
            result = work.call();
        } catch (InvalidRunException e) {
            log.warn("Route {} refused: {}", exchange.getFromRouteId(), e.getMessage());
            whenDone(exchange, () -> complete(outcome, null, e));
            return null;
        } catch (Exception e) {
            whenDone(exchange, () -> complete(outcome, null, e));
            throw e;
        }
        whenDone(exchange, () -> complete(outcome, result, null));
        return result;
    }

    private static void whenDone(Exchange exchange, Runnable action) {
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                action.run();
            }
        });
    }

    private static void complete(CompletableFuture<Object> outcome, Object result, Exception failure) {
        if (outcome == null) {
            return;
        }
        if (failure != null) {
            outcome.completeExceptionally(failure);
        } else {
            outcome.complete(result);
        }
    }

    /** A template parameter as the route set it in a header: null when absent or blank. */
    public static String parameter(Exchange exchange, String name) {
        String value = exchange.getMessage().getHeader(name, String.class);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
