package io.hammer.k8s;

import static io.hammer.k8s.Manifests.list;
import static io.hammer.k8s.Manifests.map;
import static io.hammer.k8s.Manifests.podLabels;
import static org.assertj.core.api.Assertions.assertThat;

import io.hammer.k8s.NetworkPolicies.Endpoint;
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
        for (String role : ENGINE_ROLES) {
            Endpoint engine = pod(m, "Deployment", role);
            assertThat(policies.allows(engine, redis, "TCP", 6379)).as("%s to Redis", role).isTrue();
            assertThat(policies.allows(engine, KAFKA_BROKER, "TCP", 9092)).as("%s to Kafka", role).isTrue();
            assertThat(policies.allows(prometheus, engine, "TCP", 8080)).as("Prometheus scrapes %s", role).isTrue();
            assertThat(policies.allows(engine, OUTSIDE, "TCP", 80)).as("%s to the internet", role).isFalse();
        }
        assertThat(policies.allows(anvil, redis, "TCP", 6379)).isFalse();
        assertThat(policies.allows(anvil, KAFKA_BROKER, "TCP", 9092)).isFalse();
        assertThat(policies.allows(redis, OUTSIDE, "TCP", 443)).isFalse();

        // Orders: consumers only, over HTTP and FIX; the console reads /admin on the HTTP port.
        assertThat(policies.allows(consumer, anvil, "TCP", 8081)).isTrue();
        assertThat(policies.allows(consumer, anvil, "TCP", 9878)).isTrue();
        assertThat(policies.allows(console, anvil, "TCP", 8081)).isTrue();
        assertThat(policies.allows(console, anvil, "TCP", 9878)).isFalse();
        assertThat(policies.allows(producer, anvil, "TCP", 8081)).isFalse();
        assertThat(policies.allows(prometheus, anvil, "TCP", 9081)).isTrue();
        Endpoint router = Endpoint.pod("openshift-ingress", Map.of("network.openshift.io/policy-group", "ingress"),
                Map.of("ingresscontroller.operator.openshift.io/deployment-ingresscontroller", "default"));
        assertThat(policies.allows(router, anvil, "TCP", 8081)).as("the router, for the /admin Route").isEqualTo(openShift);

        // The console is the way in; producers' and consumers' port (Jolokia included) is Prometheus' only.
        assertThat(policies.allows(ELSEWHERE, console, "TCP", 8080)).isTrue();
        assertThat(policies.allows(OUTSIDE, console, "TCP", 8080)).isTrue();
        for (Endpoint worker : List.of(producer, consumer)) {
            assertThat(policies.allows(ELSEWHERE, worker, "TCP", 8080)).isFalse();
            assertThat(policies.allows(console, worker, "TCP", 8080)).isFalse();
            assertThat(policies.allows(OUTSIDE, worker, "TCP", 8080)).isFalse();
        }
        // The console scales and restarts workers through the API server (its address is per cluster).
        assertThat(policies.allows(console, OUTSIDE, "TCP", 443)).isTrue();
        assertThat(policies.allows(consumer, OUTSIDE, "TCP", 443)).isFalse();
        // Strimzi's pods talk among themselves and to the API server; Strimzi writes their ingress.
        assertThat(policies.allows(KAFKA_BROKER, OUTSIDE, "TCP", 443)).isTrue();

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

    private static Endpoint pod(Manifests m, String kind, String name) {
        return Endpoint.pod("hammer", podLabels(m.get(kind, name)));
    }
}
