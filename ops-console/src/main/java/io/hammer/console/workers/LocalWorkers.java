package io.hammer.console.workers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.spi.RouteController;

/**
 * Local mode: every role in this JVM, one instance of each group. A group is its Camel routes:
 * producer = {@code produce}, consumer = {@code consume}. Scaling to 0 stops them, to 1 starts (or
 * resumes) them. The consumer's {@code pace} route keeps running on purpose: its heartbeat sees
 * {@code consume} stopped and withdraws this JVM from the runs' rate split (io.hammer.engine.pace.Workers).
 * Stopping a route is Camel's graceful stop: the call returns once its in-flight exchanges are done
 * (for {@code consume}, the batch being delivered and committed), within Camel's shutdown timeout.
 * Changes are serialized, so two operators cannot interleave a stop and a start.
 */
public class LocalWorkers implements Workers {
    static final String ONE_INSTANCE =
            "local mode runs one instance of each group; scale on Kubernetes with kubectl scale or the console there";
    private static final Map<String, List<String>> ROUTES = new LinkedHashMap<>();

    static {
        ROUTES.put("producer", List.of("produce"));
        ROUTES.put("consumer", List.of("consume"));
    }

    private final CamelContext camel;

    public LocalWorkers(CamelContext camel) {
        this.camel = camel;
    }

    @Override
    public List<WorkerGroup> groups() {
        return ROUTES.keySet().stream().map(this::group).toList();
    }

    @Override
    public synchronized WorkerGroup scale(String group, int replicas) {
        List<String> routes = routes(group);
        if (replicas < 0) {
            throw new IllegalArgumentException("replicas of " + group + " must be 0 or more, not " + replicas);
        }
        if (replicas > 1) {
            throw new IllegalArgumentException(ONE_INSTANCE);
        }
        for (String route : routes) {
            if (replicas == 0) {
                stop(route);
            } else {
                start(route);
            }
        }
        return group(group);
    }

    /** Stops and starts the group's running routes; a group scaled to 0 stays stopped, as a Deployment with no replicas does. */
    @Override
    public synchronized WorkerGroup restart(String group) {
        for (String route : routes(group)) {
            if (status(route) != ServiceStatus.Stopped) {
                stop(route);
                start(route);
            }
        }
        return group(group);
    }

    private WorkerGroup group(String name) {
        int replicas = 1;
        int ready = 1;
        StringBuilder health = new StringBuilder();
        for (String route : ROUTES.get(name)) {
            ServiceStatus status = camel.getRouteController().getRouteStatus(route);
            if (status == null || status.isStopped()) {
                replicas = 0;
            }
            if (status != ServiceStatus.Started) {
                ready = 0;
            }
            health.append(health.isEmpty() ? "" : ", ").append("route ").append(route).append(' ')
                    .append(status == null ? "not in this JVM" : status.name().toLowerCase());
        }
        return new WorkerGroup(name, replicas, ready, health.toString());
    }

    private List<String> routes(String group) {
        List<String> routes = ROUTES.get(group);
        if (routes == null) {
            throw new NoSuchElementException("unknown worker group '" + group + "': producer or consumer");
        }
        for (String route : routes) {
            if (camel.getRoute(route) == null) {
                throw new NoSuchElementException("route " + route + " of group " + group + " is not in this JVM");
            }
        }
        return routes;
    }

    private ServiceStatus status(String route) {
        return camel.getRouteController().getRouteStatus(route);
    }

    private void start(String route) {
        RouteController routes = camel.getRouteController();
        try {
            if (status(route) == ServiceStatus.Suspended) {
                routes.resumeRoute(route);
            } else {
                routes.startRoute(route);
            }
        } catch (Exception e) {
            throw new IllegalStateException("route " + route + " did not start: " + e.getMessage(), e);
        }
    }

    private void stop(String route) {
        try {
            camel.getRouteController().stopRoute(route);
        } catch (Exception e) {
            throw new IllegalStateException("route " + route + " did not stop: " + e.getMessage(), e);
        }
    }
}
