package io.hammer.k8s;

import static io.hammer.k8s.Manifests.list;
import static io.hammer.k8s.Manifests.map;
import static io.hammer.k8s.Manifests.podLabels;
import static org.assertj.core.api.Assertions.assertThat;

import io.hammer.k8s.NetworkPolicies.Endpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Who reaches whom once the rendered NetworkPolicies are enforced: nothing by default, then exactly
 * the paths Hammer uses, checked connection by connection (NetworkPolicies evaluates them as the
 * API describes).
 */
class ManifestsNetworkPolicyTest {
    private static final List<String> ENGINE_ROLES = List.of("producer", "consumer", "console");
    private static final Endpoint KAFKA_BROKER = Endpoint.pod("hammer", Map.of("strimzi.io/cluster", "hammer",
            "strimzi.io/kind", "Kafka", "strimzi.io/name", "hammer-kafka", "strimzi.io/broker-role", "true"));
    private static final Endpoint ELSEWHERE = Endpoint.pod("other", Map.of("app", "curious"));
    private static final Endpoint OUTSIDE = Endpoint.outside();

    @ParameterizedTest
    @ValueSource(strings = {"k8s/base", "k8s/overlays/dev", "k8s/overlays/prod", "openshift"})
    void everythingIsDeniedButThePathsHammerUses(String dir) {
        Manifests m = ManifestsTest.build(dir);
        NetworkPolicies policies = NetworkPolicies.of(m);
        boolean openShift = dir.equals("openshift");
        Map<String, Object> defaultDeny = m.get("NetworkPolicy", "default-deny");
        assertThat(map(defaultDeny, "spec")).containsEntry("podSelector", Map.of())
                .containsEntry("policyTypes", List.of("Ingress", "Egress")).doesNotContainKeys("ingress", "egress");

        Endpoint redis = pod(m, "StatefulSet", "redis");
        Endpoint anvil = pod(m, "Deployment", "anvil");
        Endpoint producer = pod(m, "Deployment", "producer");
        Endpoint consumer = pod(m, "Deployment", "consumer");
        Endpoint console = pod(m, "Deployment", "console");
        Endpoint dns = openShift
                ? Endpoint.pod("openshift-dns", Map.of("dns.operator.openshift.io/daemonset-dns", "default"))
                : Endpoint.pod("kube-system", Map.of("k8s-app", "kube-dns"));
        int dnsPort = openShift ? 5353 : 53;
        Endpoint prometheus = openShift
                ? Endpoint.pod("openshift-user-workload-monitoring", Map.of("network.openshift.io/policy-group", "monitoring"),
                        Map.of("app.kubernetes.io/name", "prometheus"))
                : Endpoint.pod("monitoring", Map.of("app.kubernetes.io/name", "prometheus"));

        for (Endpoint pod : List.of(redis, anvil, producer, consumer, console, KAFKA_BROKER)) {
            assertThat(policies.allows(pod, dns, "UDP", dnsPort)).as("%s looks names up", pod.labels()).isTrue();
            assertThat(policies.allows(ELSEWHERE, pod, "TCP", 9999)).as("a stranger reaches %s", pod.labels()).isFalse();
        }
        // TCP connections, as the README's table lists them, and some that must fail.
        Endpoint router = Endpoint.pod("openshift-ingress", Map.of("network.openshift.io/policy-group", "ingress"),
                Map.of("ingresscontroller.operator.openshift.io/deployment-ingresscontroller", "default"));
        List<Connection> expected = new ArrayList<>(List.of(
                new Connection("anvil to Redis", anvil, redis, 6379, false),
                new Connection("anvil to Kafka", anvil, KAFKA_BROKER, 9092, false),
                new Connection("Redis to the internet", redis, OUTSIDE, 443, false),
                // Orders: consumers only, over HTTP and FIX; the console reads /admin on the HTTP port.
                new Connection("orders over HTTP", consumer, anvil, 8081, true),
                new Connection("orders over FIX", consumer, anvil, 9878, true),
                new Connection("the console reads /admin", console, anvil, 8081, true),
                new Connection("the console and FIX", console, anvil, 9878, false),
                new Connection("a producer and Anvil", producer, anvil, 8081, false),
                new Connection("Prometheus scrapes Anvil", prometheus, anvil, 9081, true),
                new Connection("the router, for the /admin Route", router, anvil, 8081, openShift),
                // The console is the way in.
                new Connection("a pod elsewhere to the console", ELSEWHERE, console, 8080, true),
                new Connection("outside to the console", OUTSIDE, console, 8080, true),
                // The console scales and restarts workers through the API server (its address is per cluster).
                new Connection("the console to the API server", console, OUTSIDE, 443, true),
                new Connection("a consumer to the API server", consumer, OUTSIDE, 443, false),
                // Strimzi's pods talk among themselves and to the API server; Strimzi writes their ingress.
                new Connection("Kafka to the API server", KAFKA_BROKER, OUTSIDE, 443, true)));
        for (String role : ENGINE_ROLES) {
            Endpoint engine = pod(m, "Deployment", role);
            expected.add(new Connection(role + " to Redis", engine, redis, 6379, true));
            expected.add(new Connection(role + " to Kafka", engine, KAFKA_BROKER, 9092, true));
            expected.add(new Connection("Prometheus scrapes " + role, prometheus, engine, 8080, true));
            expected.add(new Connection(role + " to the internet", engine, OUTSIDE, 80, false));
        }
        // Producers' and consumers' port (Jolokia included) is Prometheus' only.
        for (String worker : List.of("producer", "consumer")) {
            Endpoint pod = pod(m, "Deployment", worker);
            expected.add(new Connection("a pod elsewhere to " + worker, ELSEWHERE, pod, 8080, false));
            expected.add(new Connection("the console to " + worker, console, pod, 8080, false));
            expected.add(new Connection("outside to " + worker, OUTSIDE, pod, 8080, false));
        }
        for (Connection c : expected) {
            assertThat(policies.allows(c.from(), c.to(), "TCP", c.port())).as("%s: %s", dir, c.what()).isEqualTo(c.allowed());
        }

        // Kafka's listener: Strimzi writes its policy from these peers, the engine's pods.
        Map<String, Object> kafka = m.get("Kafka", "hammer");
        for (Map<String, Object> listener : list(map(kafka, "spec", "kafka"), "listeners")) {
            List<Map<String, Object>> peers = list(listener, "networkPolicyPeers");
            assertThat(peers).as("listener %s peers", listener.get("name")).isNotEmpty();
            for (Map<String, Object> peer : peers) {
                assertThat(m.workloads().stream().filter(w -> NetworkPolicies.matches(map(peer, "podSelector"), podLabels(w)))
                        .map(Manifests::name)).containsExactlyInAnyOrderElementsOf(ENGINE_ROLES);
            }
        }
    }

    @Test
    void kedaReadsTheGroupsOffsetsThroughKafkasListenerPolicy() {
        Manifests m = Kustomize.withComponents("k8s/overlays/prod", "consumer-lag-autoscaling");
        List<Map<String, Object>> peers = list(list(map(m.get("Kafka", "hammer"), "spec", "kafka"), "listeners").get(0),
                "networkPolicyPeers");
        assertThat(peers).anySatisfy(p -> {
            assertThat(map(p, "namespaceSelector", "matchLabels")).containsEntry("kubernetes.io/metadata.name", "keda");
            assertThat(map(p, "podSelector", "matchLabels")).containsEntry("app.kubernetes.io/name", "keda-operator");
        });
        // The engine keeps its way in.
        assertThat(peers).anySatisfy(p -> assertThat(p).doesNotContainKey("namespaceSelector"));
    }

    private record Connection(String what, Endpoint from, Endpoint to, int port, boolean allowed) {
    }

    private static Endpoint pod(Manifests m, String kind, String name) {
        return Endpoint.pod("hammer", podLabels(m.get(kind, name)));
    }
}
