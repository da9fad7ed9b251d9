package io.hammer.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hammer.engine.run.RunSpec;
import java.net.http.HttpResponse;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Route control over JMX through Jolokia, as hawtio does it: an operator suspends the consume route
 * and the run's orders stop reaching the target; resuming it lets the run finish. No credentials:
 * 401; a viewer: 403.
 */
class JolokiaTest extends ConsoleTestSupport {
    private static final String CONSUME = "org.apache.camel:context=hammer,type=routes,name=\\\"consume\\\"";
    private final ObjectMapper json = new ObjectMapper();

    @Autowired
    CamelContext camel;

    @Test
    void operatorSuspendsAndResumesTheConsumeRoute() throws Exception {
        JsonNode suspended = jolokia("{\"type\":\"exec\",\"mbean\":\"" + CONSUME + "\",\"operation\":\"suspend()\"}");
        assertThat(suspended.path("status").asInt()).as("%s", suspended).isEqualTo(200);
        assertThat(camel.getRouteController().getRouteStatus("consume")).isEqualTo(ServiceStatus.Suspended);
        assertThat(jolokia("{\"type\":\"read\",\"mbean\":\"" + CONSUME + "\",\"attribute\":\"State\"}").path("value").asText())
                .isEqualTo("Suspended");
        try {
            runs.start(new RunSpec("jolokia-1", 2_000, 3L, null));
            // Every order reaches Kafka, none reaches the target while the route is suspended.
            long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
            while (store.stats("jolokia-1").getOrDefault("produced", 0L) < 2_000 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            Thread.sleep(2_000);
            assertThat(store.stats("jolokia-1").getOrDefault("produced", 0L)).isEqualTo(2_000);
            assertThat(store.stats("jolokia-1").getOrDefault("consumed", 0L)).isZero();
        } finally {
            JsonNode resumed = jolokia("{\"type\":\"exec\",\"mbean\":\"" + CONSUME + "\",\"operation\":\"resume()\"}");
            assertThat(resumed.path("status").asInt()).as("%s", resumed).isEqualTo(200);
        }
        assertThat(camel.getRouteController().getRouteStatus("consume")).isEqualTo(ServiceStatus.Started);
        assertThat(awaitState("jolokia-1", "DONE").delivered()).isEqualTo(2_000);
    }

    @Test
    void jolokiaNeedsTheOperatorRole() throws Exception {
        String read = "{\"type\":\"read\",\"mbean\":\"" + CONSUME + "\",\"attribute\":\"State\"}";
        assertThat(call("POST", "/actuator/jolokia", "application/json", read, null, null).statusCode()).isEqualTo(401);
        assertThat(call("POST", "/actuator/jolokia", "application/json", read, VIEWER, VIEWER_PASSWORD).statusCode()).isEqualTo(403);
        // GET requests are refused by jolokia-access.xml: an operation run by a GET would need no CSRF token.
        HttpResponse<String> get = call("GET", "/actuator/jolokia/read/java.lang:type=Runtime/Uptime", null, null,
                OPERATOR, OPERATOR_PASSWORD);
        assertThat(get.statusCode()).as(get.body()).isEqualTo(403);
        // Health, info and Prometheus stay open.
        assertThat(call("GET", "/actuator/health", null, null, null, null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/actuator/prometheus", null, null, null, null).statusCode()).isEqualTo(200);
    }

    private JsonNode jolokia(String request) throws Exception {
        HttpResponse<String> response = call("POST", "/actuator/jolokia", "application/json", request, OPERATOR, OPERATOR_PASSWORD);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }
}
