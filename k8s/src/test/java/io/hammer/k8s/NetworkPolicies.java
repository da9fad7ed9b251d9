package io.hammer.k8s;

import static io.hammer.k8s.Manifests.list;
import static io.hammer.k8s.Manifests.map;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The NetworkPolicies of one build, evaluated as Kubernetes does: a pod that some policy selects for
 * a direction is isolated in it, and then only what a rule of a selecting policy allows gets through;
 * a connection needs the source's egress and the destination's ingress. Policies live in the build's
 * namespace; pods elsewhere are never isolated by them.
 */
record NetworkPolicies(String namespace, List<Map<String, Object>> policies) {

    /** A pod (its namespace, the namespace's labels, its own labels), or, with no namespace, an address outside the cluster. */
    record Endpoint(String namespace, Map<String, String> namespaceLabels, Map<String, Object> labels) {
        static Endpoint pod(String namespace, Map<String, Object> labels) {
            return new Endpoint(namespace, Map.of("kubernetes.io/metadata.name", namespace), labels);
        }

        static Endpoint pod(String namespace, Map<String, String> namespaceLabels, Map<String, Object> labels) {
            return new Endpoint(namespace, namespaceLabels, labels);
        }

        static Endpoint outside() {
            return new Endpoint(null, Map.of(), Map.of());
        }
    }

    /**
     * The build's policies, and the one Strimzi writes for each Kafka listener: ingress to the Kafka
     * pods on the listener's port from its networkPolicyPeers.
     */
    static NetworkPolicies of(Manifests m) {
        List<Map<String, Object>> all = new ArrayList<>(m.ofKind("NetworkPolicy"));
        for (Map<String, Object> kafka : m.ofKind("Kafka")) {
            String cluster = Manifests.name(kafka);
            List<Map<String, Object>> rules = new ArrayList<>();
            for (Map<String, Object> listener : list(map(kafka, "spec", "kafka"), "listeners")) {
                rules.add(Map.of("ports", List.of(Map.of("protocol", "TCP", "port", listener.get("port"))),
                        "from", list(listener, "networkPolicyPeers")));
            }
            all.add(Map.of("kind", "NetworkPolicy", "metadata", Map.of("name", cluster + "-network-policy-kafka"),
                    "spec", Map.of("podSelector", Map.of("matchLabels", Map.of("strimzi.io/cluster", cluster,
                                    "strimzi.io/kind", "Kafka", "strimzi.io/name", cluster + "-kafka")),
                            "policyTypes", List.of("Ingress"), "ingress", rules)));
        }
        return new NetworkPolicies("hammer", all);
    }

    boolean allows(Endpoint from, Endpoint to, String protocol, int port) {
        return allowed(from, to, "Egress", "egress", "to", protocol, port)
                && allowed(to, from, "Ingress", "ingress", "from", protocol, port);
    }

    /** Does the policy side of {@code subject} (source for egress, destination for ingress) let {@code peer} through? */
    private boolean allowed(Endpoint subject, Endpoint peer, String type, String rulesKey, String peersKey,
                            String protocol, int port) {
        if (!namespace.equals(subject.namespace())) {
            return true;
        }
        List<Map<String, Object>> isolating = policies.stream()
                .filter(p -> policyTypes(p).contains(type) && matches(map(p, "spec", "podSelector"), subject.labels()))
                .toList();
        if (isolating.isEmpty()) {
            return true;
        }
        for (Map<String, Object> policy : isolating) {
            for (Map<String, Object> rule : list(map(policy, "spec"), rulesKey)) {
                if (portMatches(rule, protocol, port) && peerMatches(rule.get(peersKey), peer)) {
                    return true;
                }
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private static List<String> policyTypes(Map<String, Object> policy) {
        Object types = map(policy, "spec").get("policyTypes");
        return types == null ? List.of("Ingress") : (List<String>) types;
    }

    private static boolean portMatches(Map<String, Object> rule, String protocol, int port) {
        List<Map<String, Object>> ports = list(rule, "ports");
        return ports.isEmpty() || ports.stream().anyMatch(p -> Objects.equals(p.getOrDefault("protocol", "TCP"), protocol)
                && (p.get("port") == null || Objects.equals(p.get("port"), port)));
    }

    @SuppressWarnings("unchecked")
    private boolean peerMatches(Object peers, Endpoint peer) {
        if (peers == null || ((List<Object>) peers).isEmpty()) {
            return true;
        }
        for (Map<String, Object> p : (List<Map<String, Object>>) peers) {
            if (p.containsKey("ipBlock")) {
                if (peer.namespace() == null) {
                    return true;
                }
                continue;
            }
            if (peer.namespace() == null) {
                continue;
            }
            boolean namespaceOk = p.containsKey("namespaceSelector")
                    ? matches(map(p, "namespaceSelector"), Map.copyOf(peer.namespaceLabels()))
                    : namespace.equals(peer.namespace());
            boolean podOk = !p.containsKey("podSelector") || matches(map(p, "podSelector"), peer.labels());
            if (namespaceOk && podOk) {
                return true;
            }
        }
        return false;
    }

    /** A label selector (matchLabels and matchExpressions); the empty selector matches everything. */
    @SuppressWarnings("unchecked")
    static boolean matches(Map<String, Object> selector, Map<String, ?> labels) {
        boolean labelsOk = map(selector, "matchLabels").entrySet().stream()
                .allMatch(e -> Objects.equals(labels.get(e.getKey()), e.getValue()));
        boolean expressionsOk = list(selector, "matchExpressions").stream().allMatch(e -> {
            Object value = labels.get((String) e.get("key"));
            List<Object> values = e.get("values") == null ? List.of() : (List<Object>) e.get("values");
            return switch ((String) e.get("operator")) {
                case "In" -> value != null && values.contains(value);
                case "NotIn" -> value == null || !values.contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> throw new IllegalArgumentException("operator " + e.get("operator"));
            };
        });
        return labelsOk && expressionsOk;
    }
}
