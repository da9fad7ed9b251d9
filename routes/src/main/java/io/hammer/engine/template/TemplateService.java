package io.hammer.engine.template;

import io.hammer.engine.run.InvalidRunException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.RouteTemplateParameterDefinition;
import org.apache.camel.support.PluginHelper;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * Instantiates the route templates (replay, backup, restore) for the REST API and the CLI, exactly
 * as a {@code templatedRoute} in YAML would: same template, same parameters, same route. A template's
 * route does its work once when it starts; this waits for that outcome, then removes the finished
 * route so that its id can be used again.
 */
@Service
public class TemplateService {
    private final CamelContext camel;
    private final TemplateOutcomes outcomes;
    private final TemplateParameters checks;
    private final Duration wait;

    public TemplateService(CamelContext camel, TemplateOutcomes outcomes, TemplateParameters checks,
                           @Value("${hammer.templates.wait:5m}") Duration wait) {
        this.camel = camel;
        this.outcomes = outcomes;
        this.checks = checks;
        this.wait = wait;
    }

    public List<TemplateInfo> templates() {
        return model().getRouteTemplateDefinitions().stream().map(TemplateService::info).toList();
    }

    public TemplateInfo template(String templateId) {
        return info(definition(templateId));
    }

    /**
     * Creates a route from the template and waits for its work.
     *
     * @param parameters the template's parameters; {@code routeId} may name the route. Each is checked
     *                   against its type ({@link TemplateParameters}) before the route is made.
     */
    public Instantiation instantiate(String templateId, Map<String, String> parameters) throws InterruptedException {
        RouteTemplateDefinition template = definition(templateId);
        Map<String, String> values = new LinkedHashMap<>(parameters);
        String routeId = values.remove("routeId");
        if (routeId != null && routeId.isBlank()) {
            routeId = null;
        }
        List<String> known = template.getTemplateParameters().stream().map(RouteTemplateParameterDefinition::getName).toList();
        List<String> unknown = values.keySet().stream().filter(name -> !known.contains(name)).toList();
        if (!unknown.isEmpty()) {
            throw new InvalidRunException(400, "template " + templateId + " has no parameter " + String.join(", ", unknown)
                    + "; its parameters are " + String.join(", ", known));
        }
        values.values().removeIf(value -> value == null || value.isBlank());
        values = checks.check(values);
        if (routeId != null) {
            checks.check(Map.of("routeId", routeId));
        } else {
            routeId = freeRouteId(templateId + "-" + values.getOrDefault("runId", "route"));
        }
        CompletableFuture<Object> outcome = outcomes.expect(routeId);
        try {
            TemplatedRouteBuilder builder = TemplatedRouteBuilder.builder(camel, templateId).routeId(routeId);
            values.forEach(builder::parameter);
            builder.add();
        } catch (RuntimeException e) {
            outcomes.forget(routeId);
            throw new InvalidRunException(camel.getRoute(routeId) != null ? 409 : 400, "template " + templateId
                    + " cannot be instantiated: " + rootMessage(e));
        }
        RouteDescription route = describe(routeId);
        try {
            Object result = outcome.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            remove(routeId);
            return new Instantiation(route, "done", result);
        } catch (ExecutionException e) {
            remove(routeId);
            if (e.getCause() instanceof InvalidRunException invalid) {
                throw invalid;
            }
            throw new IllegalStateException(templateId + " failed: " + rootMessage(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            outcomes.forget(routeId);
            return new Instantiation(route, "running", null);
        }
    }

    /**
     * A route made from a template, as it runs: the template, the parameters it got (defaults
     * included), the endpoint it consumes and its definition as XML with placeholders resolved.
     */
    public RouteDescription describe(String routeId) {
        Route route = camel.getRoute(routeId);
        RouteDefinition definition = model().getRouteDefinition(routeId);
        if (route == null || definition == null) {
            throw new InvalidRunException(404, "no route " + routeId);
        }
        // Camel does not record which template made a route; the templates' descriptions are distinct.
        RouteTemplateDefinition template = model().getRouteTemplateDefinitions().stream()
                .filter(t -> t.getDescription() != null && t.getDescription().equals(definition.getDescription()))
                .findFirst().orElse(null);
        Map<String, String> parameters = new TreeMap<>();
        if (template != null && definition.getTemplateParameters() != null) {
            // Only the declared names: Camel adds a kebab-case alias of each (run-id for runId).
            template.getTemplateParameters().forEach(p -> {
                Object value = definition.getTemplateParameters().get(p.getName());
                if (value != null) {
                    parameters.put(p.getName(), value.toString());
                }
            });
        }
        String xml;
        try {
            xml = PluginHelper.getModelToXMLDumper(camel).dumpModelAsXml(camel, definition, true, false, false)
                    // a counter of templated routes, not part of what the route does
                    .replaceFirst(" nodePrefixId=\"[^\"]*\"", "");
        } catch (Exception e) {
            xml = "unavailable: " + e;
        }
        return new RouteDescription(routeId, template == null ? null : template.getId(), parameters,
                route.getEndpoint().getEndpointUri(), xml);
    }

    private void remove(String routeId) {
        try {
            camel.getRouteController().stopRoute(routeId, 30, TimeUnit.SECONDS);
            camel.removeRoute(routeId);
        } catch (Exception e) {
            throw new IllegalStateException("cannot remove the finished route " + routeId, e);
        }
    }

    private String freeRouteId(String base) {
        String id = base;
        for (int n = 2; camel.getRoute(id) != null; n++) {
            id = base + "-" + n;
        }
        return id;
    }

    private RouteTemplateDefinition definition(String templateId) {
        RouteTemplateDefinition template = model().getRouteTemplateDefinition(templateId);
        if (template == null) {
            throw new InvalidRunException(404, "unknown template " + templateId + "; templates: "
                    + model().getRouteTemplateDefinitions().stream().map(RouteTemplateDefinition::getId).toList());
        }
        return template;
    }

    private ModelCamelContext model() {
        return (ModelCamelContext) camel;
    }

    private static TemplateInfo info(RouteTemplateDefinition template) {
        return new TemplateInfo(template.getId(), template.getDescription(), template.getTemplateParameters().stream()
                .map(p -> new TemplateInfo.Parameter(p.getName(), p.getDescription(), p.getDefaultValue(), p.isRequired()
                        && p.getDefaultValue() == null))
                .toList());
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }

    public record TemplateInfo(String id, String description, List<Parameter> parameters) {
        public record Parameter(String name, String description, String defaultValue, boolean required) {
        }
    }

    public record RouteDescription(String routeId, String template, Map<String, String> parameters, String endpoint,
                                   String definition) {
    }

    /** @param status done, or running when it outlasted the wait (the route then stays until it ends) */
    public record Instantiation(RouteDescription route, String status, Object result) {
    }
}
