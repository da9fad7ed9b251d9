package io.hammer.engine.template;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * What a template's route did, handed to whoever instantiated it and waits (the REST API, hence
 * the CLI). The work runs in the route either way, so a route made from YAML does exactly the same;
 * nobody waits on it, and a failure is in the log.
 */
@Component
public class TemplateOutcomes {
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

    /** Runs a template's work for the route of {@code exchange} and reports its result or failure. */
    public <T> T report(Exchange exchange, Callable<T> work) throws Exception {
        CompletableFuture<Object> outcome = waiting.remove(exchange.getFromRouteId());
        try {
            T result = work.call();
            if (outcome != null) {
                outcome.complete(result);
            }
            return result;
        } catch (Exception e) {
            if (outcome != null) {
                outcome.completeExceptionally(e);
            }
            throw e;
        }
    }

    /** A template parameter as the route set it in a header: null when absent or blank. */
    public static String parameter(Exchange exchange, String name) {
        String value = exchange.getMessage().getHeader(name, String.class);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
