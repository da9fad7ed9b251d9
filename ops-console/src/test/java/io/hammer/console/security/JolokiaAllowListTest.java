package io.hammer.console.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hammer.console.ConsoleTestSupport;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 13, item 2 (and the Jolokia part of 9): Jolokia runs an allow list. An operator controls
 * routes and reads Camel and JVM attributes; nothing sends a message, evaluates an expression, writes a
 * file or an attribute, and a GET answers nothing.
 */
class JolokiaAllowListTest extends ConsoleTestSupport {
    private static final String CONTEXT = "org.apache.camel:context=hammer,type=context,name=\\\"hammer\\\"";
    private static final String ROUTE = "org.apache.camel:context=hammer,type=routes,name=\\\"kafka-lag\\\"";
    private final ObjectMapper json = new ObjectMapper();

    @Autowired
    CamelContext camel;

    @Test
    void theCamelContextEvaluatesAndSendsNothing() throws Exception {
        String workingDirectory = System.getProperty("user.dir");
        JsonNode evaluated = jolokia("{\"type\":\"exec\",\"mbean\":\"" + CONTEXT + "\",\"operation\":"
                + "\"requestStringBody(java.lang.String,java.lang.String)\",\"arguments\":[\"language:simple\",\"${sys.user.dir}\"]}");
        assertThat(evaluated.path("status").asInt()).as("%s", evaluated).isEqualTo(403);
        assertThat(evaluated.toString()).doesNotContain(workingDirectory);

        Path written = Files.createTempDirectory("jolokia").resolve("written.txt");
        JsonNode sent = jolokia("{\"type\":\"exec\",\"mbean\":\"" + CONTEXT + "\",\"operation\":"
                + "\"sendStringBody(java.lang.String,java.lang.String)\",\"arguments\":[\"file:" + written.getParent()
                + "?fileName=written.txt\",\"hello\"]}");
        assertThat(sent.path("status").asInt()).as("%s", sent).isEqualTo(403);
        assertThat(written).doesNotExist();

        JsonNode write = jolokia("{\"type\":\"write\",\"mbean\":\"" + ROUTE + "\",\"attribute\":\"Tracing\",\"value\":true}");
        assertThat(write.path("status").asInt()).as("%s", write).isEqualTo(403);
        JsonNode gc = jolokia("{\"type\":\"exec\",\"mbean\":\"java.lang:type=Memory\",\"operation\":\"gc()\"}");
        assertThat(gc.path("status").asInt()).as("%s", gc).isEqualTo(403);
        JsonNode dump = jolokia("{\"type\":\"exec\",\"mbean\":\"com.sun.management:type=HotSpotDiagnostic\","
                + "\"operation\":\"dumpHeap(java.lang.String,boolean)\",\"arguments\":[\"/tmp/heap.hprof\",true]}");
        assertThat(dump.path("status").asInt()).as("%s", dump).isEqualTo(403);
    }

    @Test
    void routeControlAndReadingAttributesStillWork() throws Exception {
        JsonNode suspended = jolokia("{\"type\":\"exec\",\"mbean\":\"" + ROUTE + "\",\"operation\":\"suspend()\"}");
        assertThat(suspended.path("status").asInt()).as("%s", suspended).isEqualTo(200);
        assertThat(camel.getRouteController().getRouteStatus("kafka-lag")).isEqualTo(ServiceStatus.Suspended);
        JsonNode resumed = jolokia("{\"type\":\"exec\",\"mbean\":\"" + ROUTE + "\",\"operation\":\"resume()\"}");
        assertThat(resumed.path("status").asInt()).as("%s", resumed).isEqualTo(200);
        assertThat(camel.getRouteController().getRouteStatus("kafka-lag")).isEqualTo(ServiceStatus.Started);

        assertThat(jolokia("{\"type\":\"read\",\"mbean\":\"" + ROUTE + "\",\"attribute\":\"State\"}").path("value").asText())
                .isEqualTo("Started");
        assertThat(jolokia("{\"type\":\"read\",\"mbean\":\"" + CONTEXT + "\",\"attribute\":\"State\"}").path("value").asText())
                .isEqualTo("Started");
        assertThat(jolokia("{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\",\"attribute\":\"Uptime\"}").path("value")
                .asLong()).isPositive();
    }

    @Test
    void aGetAnswersNothingButTheAgentsVersionAtItsRoot() throws Exception {
        HttpResponse<String> version = call("GET", "/actuator/jolokia/version", null, null, OPERATOR, OPERATOR_PASSWORD);
        assertThat(version.statusCode()).isEqualTo(403);
        assertThat(version.body()).doesNotContain("agent").doesNotContain("protocol");
        HttpResponse<String> read = call("GET", "/actuator/jolokia/read/java.lang:type=Runtime/Uptime", null, null,
                OPERATOR, OPERATOR_PASSWORD);
        assertThat(read.statusCode()).isEqualTo(403);
        HttpResponse<String> exec = call("GET", "/actuator/jolokia/exec/java.lang:type=Memory/gc", null, null,
                OPERATOR, OPERATOR_PASSWORD);
        assertThat(exec.statusCode()).isEqualTo(403);
        // The root answers the version, to operators: hawtio (run on its own) discovers Jolokia with that GET.
        assertThat(call("GET", "/actuator/jolokia", null, null, OPERATOR, OPERATOR_PASSWORD).body()).contains("\"agent\"");
        assertThat(call("GET", "/actuator/jolokia", null, null, VIEWER, VIEWER_PASSWORD).statusCode()).isEqualTo(403);
    }

    private JsonNode jolokia(String request) throws Exception {
        HttpResponse<String> response = call("POST", "/actuator/jolokia", "application/json", request, OPERATOR, OPERATOR_PASSWORD);
        assertThat(response.statusCode()).as(response.body()).isIn(200, 403);
        return json.readTree(response.body());
    }
}
