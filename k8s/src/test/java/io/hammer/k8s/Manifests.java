package io.hammer.k8s;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The documents of one {@code kubectl kustomize} output, with small helpers to walk them. */
record Manifests(String source, String text, List<Map<String, Object>> docs) {

    List<Map<String, Object>> ofKind(String kind) {
        return docs.stream().filter(d -> kind.equals(d.get("kind"))).toList();
    }

    Optional<Map<String, Object>> find(String kind, String name) {
        return ofKind(kind).stream().filter(d -> name.equals(name(d))).findFirst();
    }

    Map<String, Object> get(String kind, String name) {
        return find(kind, name).orElseGet(() -> fail(source + " has no " + kind + " " + name + "; it has "
                + ofKind(kind).stream().map(Manifests::name).toList()));
    }

    /** Deployments and StatefulSets. */
    List<Map<String, Object>> workloads() {
        List<Map<String, Object>> all = new ArrayList<>(ofKind("Deployment"));
        all.addAll(ofKind("StatefulSet"));
        return all;
    }

    static String name(Map<String, Object> doc) {
        return (String) map(doc, "metadata").get("name");
    }

    static String id(Map<String, Object> doc) {
        return doc.get("kind") + "/" + name(doc);
    }

    static Map<String, Object> podSpec(Map<String, Object> workload) {
        return map(workload, "spec", "template", "spec");
    }

    static Map<String, Object> podLabels(Map<String, Object> workload) {
        return map(workload, "spec", "template", "metadata", "labels");
    }

    static List<Map<String, Object>> containers(Map<String, Object> workload) {
        List<Map<String, Object>> all = new ArrayList<>(list(podSpec(workload), "containers"));
        all.addAll(list(podSpec(workload), "initContainers"));
        return all;
    }

    static Map<String, Object> container(Map<String, Object> workload, String name) {
        return containers(workload).stream().filter(c -> name.equals(c.get("name"))).findFirst()
                .orElseGet(() -> fail(id(workload) + " has no container " + name));
    }

    /** The nested map at path, or an empty map when any step is missing. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> from, String... path) {
        Object at = from;
        for (String step : path) {
            if (!(at instanceof Map<?, ?> m) || m.get(step) == null) {
                return Map.of();
            }
            at = m.get(step);
        }
        return (Map<String, Object>) at;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Map<String, Object> from, String key) {
        Object value = from.get(key);
        return value == null ? List.of() : (List<Map<String, Object>>) value;
    }

    /** Does a label selector's matchLabels select these pod labels? (An empty selector is not accepted here.) */
    static boolean selects(Map<String, Object> selector, Map<String, Object> labels) {
        Map<String, Object> match = selector.containsKey("matchLabels") ? map(selector, "matchLabels") : selector;
        if (match.isEmpty()) {
            return false;
        }
        return match.entrySet().stream().allMatch(e -> Objects.equals(labels.get(e.getKey()), e.getValue()));
    }

    /** Workloads whose pods a selector picks. */
    List<Map<String, Object>> selected(Map<String, Object> selector) {
        return workloads().stream().filter(w -> selects(selector, podLabels(w))).toList();
    }

    /** Kubernetes quantity to a number of bytes or cores. */
    static double quantity(Object value) {
        String q = String.valueOf(value);
        String[][] suffixes = {{"Ki", "1024"}, {"Mi", "1048576"}, {"Gi", "1073741824"}, {"Ti", "1099511627776"},
                {"k", "1000"}, {"M", "1000000"}, {"G", "1000000000"}, {"m", "0.001"}};
        for (String[] s : suffixes) {
            if (q.endsWith(s[0])) {
                return Double.parseDouble(q.substring(0, q.length() - s[0].length())) * Double.parseDouble(s[1]);
            }
        }
        return Double.parseDouble(q);
    }
}
