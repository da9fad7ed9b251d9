package io.hammer.console.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** KubernetesWorkers against the fabric8 mock API server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class KubernetesWorkersTest {
    private static final String NAMESPACE = "hammer";
    private static final Pattern DEPLOYMENT_PATH =
            Pattern.compile("/apis/apps/v1/namespaces/" + NAMESPACE + "/deployments(?:/([^/?]+)(/scale)?)?(\\?.*)?");

    static KubernetesClient client;
    static KubernetesMockServer server;

    private KubernetesWorkers workers;

    @BeforeEach
    void start() throws Exception {
        client.apps().deployments().inNamespace(NAMESPACE).delete();
        deployment("producer", 2, 2);
        deployment("consumer", 3, 1);
        workers = new KubernetesWorkers(client, NAMESPACE, 8);
        drainRequests();
    }

    @Test
    void groupsReportTheDeploymentsReplicasAndReadiness() {
        assertThat(workers.groups()).containsExactly(
                new WorkerGroup("producer", 2, 2, "2/2 ready"),
                new WorkerGroup("consumer", 3, 1, "1/3 ready, rolling out"));
    }

    @Test
    void scaleSetsTheDeploymentsReplicas() {
        WorkerGroup scaled = workers.scale("consumer", 5);
        assertThat(scaled.name()).isEqualTo("consumer");
        assertThat(scaled.replicas()).isEqualTo(5);
        assertThat(replicas("consumer")).isEqualTo(5);
        assertThat(replicas("producer")).as("the other group is untouched").isEqualTo(2);

        assertThat(workers.scale("consumer", 0).health()).isEqualTo("scaled to 0");
        assertThat(replicas("consumer")).isZero();
    }

    @Test
    void scaleRefusesNegativeCountsAndCountsAboveTheMaximumAndChangesNothing() {
        assertThatThrownBy(() -> workers.scale("producer", -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("between 0 and 8");
        assertThatThrownBy(() -> workers.scale("producer", 9)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hammer.console.max-replicas");
        assertThat(replicas("producer")).isEqualTo(2);
    }

    @Test
    void restartSetsTheRestartAnnotationAndASecondRestartChangesIt() throws Exception {
        assertThat(restartedAt("producer")).isNull();
        workers.restart("producer");
        String first = restartedAt("producer");
        assertThat(first).as("kubectl.kubernetes.io/restartedAt on the pod template").isNotBlank();
        assertThat(restartedAt("consumer")).isNull();

        TimeUnit.MILLISECONDS.sleep(1_100); // the annotation has a resolution of one second
        workers.restart("producer");
        assertThat(restartedAt("producer")).isNotBlank().isNotEqualTo(first);
        assertThat(replicas("producer")).as("a restart keeps the replicas").isEqualTo(2);
    }

    @Test
    void aMissingDeploymentIsAClearErrorOnScaleAndRestartAndAHealthLineInGroups() {
        client.apps().deployments().inNamespace(NAMESPACE).withName("consumer").delete();
        assertThatThrownBy(() -> workers.scale("consumer", 1)).isInstanceOf(NoSuchElementException.class)
                .hasMessage("no Deployment consumer in namespace hammer");
        assertThatThrownBy(() -> workers.restart("consumer")).isInstanceOf(NoSuchElementException.class)
                .hasMessage("no Deployment consumer in namespace hammer");
        assertThat(workers.groups()).contains(new WorkerGroup("consumer", 0, 0, "no Deployment consumer in namespace hammer"));
        assertThat(client.apps().deployments().inNamespace(NAMESPACE).withName("consumer").get())
                .as("nothing was created").isNull();
    }

    @Test
    void anUnknownGroupIsRefused() {
        assertThatThrownBy(() -> workers.scale("anvil", 1)).isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("producer or consumer");
        assertThatThrownBy(() -> workers.restart("console")).isInstanceOf(NoSuchElementException.class);
        assertThat(replicas("producer")).isEqualTo(2);
    }

    @Test
    void theNamespaceDefaultsToTheClients() {
        assertThat(new KubernetesWorkers(client, "", 8).namespace())
                .isEqualTo(client.getNamespace());
    }

    /** Every request the console makes is one k8s/base/engine/console-rbac.yaml grants. */
    @Test
    void everyCallIsAllowedByTheConsolesRole() throws Exception {
        workers.groups();
        workers.scale("producer", 3);
        workers.restart("consumer");
        workers.scale("consumer", 2);
        List<String> calls = new ArrayList<>();
        for (RecordedRequest request = server.takeRequest(100, TimeUnit.MILLISECONDS); request != null;
                request = server.takeRequest(100, TimeUnit.MILLISECONDS)) {
            calls.add(call(request));
        }
        assertThat(calls).contains("get deployments producer", "get deployments/scale producer",
                "update deployments/scale producer", "patch deployments consumer");
        assertThat(allowed()).containsAll(calls);
    }

    /** A request as RBAC sees it: verb, resource, name. */
    private static String call(RecordedRequest request) {
        Matcher m = DEPLOYMENT_PATH.matcher(request.getPath());
        assertThat(m.matches()).as("a Deployment in %s: %s", NAMESPACE, request.getRequestLine()).isTrue();
        boolean named = m.group(1) != null;
        String verb = switch (request.getMethod()) {
            case "GET" -> !named ? (String.valueOf(m.group(3)).contains("watch=true") ? "watch" : "list") : "get";
            case "PUT" -> "update";
            default -> request.getMethod().toLowerCase();
        };
        return verb + " deployments" + (m.group(2) == null ? "" : "/scale") + (named ? " " + m.group(1) : "");
    }

    @SuppressWarnings("unchecked")
    private static List<String> allowed() throws Exception {
        List<String> allowed = new ArrayList<>();
        for (Object document : new Yaml().loadAll(Files.readString(Path.of("../k8s/base/engine/console-rbac.yaml")))) {
            Map<String, Object> object = (Map<String, Object>) document;
            if ("Role".equals(object.get("kind"))) {
                for (Map<String, Object> rule : (List<Map<String, Object>>) object.get("rules")) {
                    for (String resource : (List<String>) rule.get("resources")) {
                        for (String verb : (List<String>) rule.get("verbs")) {
                            for (String name : (List<String>) rule.get("resourceNames")) {
                                allowed.add(verb + " " + resource + " " + name);
                            }
                        }
                    }
                }
            }
        }
        return allowed;
    }

    private static void deployment(String name, int replicas, int ready) {
        Deployment deployment = new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(NAMESPACE).endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().addToMatchLabels("app.kubernetes.io/component", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app.kubernetes.io/component", name).endMetadata()
                .withNewSpec().addNewContainer().withName("engine").withImage("hammer").endContainer().endSpec()
                .endTemplate().endSpec()
                .withNewStatus().withReplicas(replicas).withReadyReplicas(ready).withUpdatedReplicas(ready).endStatus()
                .build();
        client.apps().deployments().inNamespace(NAMESPACE).resource(deployment).create();
        client.apps().deployments().inNamespace(NAMESPACE).resource(deployment).updateStatus();
    }

    private static int replicas(String name) {
        return client.apps().deployments().inNamespace(NAMESPACE).withName(name).get().getSpec().getReplicas();
    }

    private static String restartedAt(String name) {
        Map<String, String> annotations = client.apps().deployments().inNamespace(NAMESPACE).withName(name).get()
                .getSpec().getTemplate().getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(KubernetesWorkers.RESTARTED_AT);
    }

    private static void drainRequests() throws InterruptedException {
        while (server.takeRequest(50, TimeUnit.MILLISECONDS) != null) {
            // requests of the set-up, not the console's
        }
    }
}
