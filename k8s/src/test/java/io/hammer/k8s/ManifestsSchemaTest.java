package io.hammer.k8s;

import static io.hammer.k8s.Manifests.id;
import static io.hammer.k8s.Manifests.list;
import static io.hammer.k8s.Manifests.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No cluster runs here, so the API server's checks are made on the rendered output: every resource of
 * every overlay and component against its schema (Schemas: the Kubernetes API types, Strimzi's v1
 * CRDs). KEDA publishes no Maven artifact with its CRDs: its ScaledObject gets a structural check.
 */
class ManifestsSchemaTest {
    /** What each kind was validated against, printed once: the report of this test. */
    private static final Map<String, String> VALIDATED = new TreeMap<>();

    static Stream<Arguments> renderings() {
        return Stream.of(
                Arguments.of("k8s/base", List.of()),
                Arguments.of("k8s/overlays/dev", List.of()),
                Arguments.of("k8s/overlays/prod", List.of()),
                Arguments.of("openshift", List.of()),
                Arguments.of("k8s/overlays/prod", List.of("consumer-autoscaling")),
                Arguments.of("k8s/overlays/prod", List.of("consumer-lag-autoscaling")),
                Arguments.of("k8s/overlays/dev", List.of("consumer-lag-autoscaling", "monitoring")),
                Arguments.of("k8s/overlays/dev", List.of("pulsar")));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("renderings")
    void everyRenderedResourceMatchesItsSchema(String overlay, List<String> components) {
        Manifests m = components.isEmpty() ? ManifestsTest.build(overlay)
                : Kustomize.withComponents(overlay, components.toArray(String[]::new));
        Schemas schemas = Schemas.get();
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> doc : m.docs()) {
            String apiVersion = String.valueOf(doc.get("apiVersion"));
            String kind = String.valueOf(doc.get("kind"));
            if (kind.equals("ScaledObject")) {
                problems.addAll(scaledObjectProblems(m, doc));
                VALIDATED.put(apiVersion + " " + kind, "structural check, its HPA behavior against fabric8 definition"
                        + " kubernetes_autoscaling_v2_HorizontalPodAutoscalerBehavior (no Maven artifact ships KEDA's CRD)");
                continue;
            }
            var source = schemas.source(apiVersion, kind);
            assertThat(source).as("%s %s in %s: a schema to check it against", apiVersion, kind, overlay).isPresent();
            VALIDATED.put(apiVersion + " " + kind, source.get());
            schemas.validate(doc).forEach(p -> problems.add(id(doc) + ": " + p));
        }
        assertThat(problems).as("%s with %s", overlay, components).isEmpty();
        assertThat(m.docs()).isNotEmpty();
    }

    @Test
    void theSchemasRejectWhatAnApiServerWouldReject() {
        Map<String, Object> deployment = ManifestsTest.build("k8s/base").get("Deployment", "consumer");
        Schemas schemas = Schemas.get();
        assertThat(schemas.validate(deployment)).isEmpty();
        // A misspelled field, a quantity of the wrong type, a missing kind.
        assertThat(schemas.validate(edited(deployment, "spec", "replica", 2))).isNotEmpty();
        assertThat(schemas.validate(edited(deployment, "spec", "minReadySeconds", "ten"))).isNotEmpty();

        Map<String, Object> kafka = ManifestsTest.build("k8s/base").get("Kafka", "hammer");
        assertThat(schemas.validate(kafka)).isEmpty();
        Map<String, Object> kafkaSpec = map(kafka, "spec", "kafka");
        assertThat(schemas.validate(edited(kafka, "spec", "kafka", withEntry(kafkaSpec, "listners", List.of()))))
                .as("an unknown field of Strimzi's Kafka").isNotEmpty();
        assertThat(schemas.validate(edited(kafka, "spec", "kafka", withEntry(kafkaSpec, "replicas", 3))))
                .as("v1beta2's spec.kafka.replicas, gone from v1").isNotEmpty();
        // The autoscaling/v2 behavior KEDA passes on, with a British spelling of one field.
        assertThat(schemas.validateAs("kubernetes_autoscaling_v2_HorizontalPodAutoscalerBehavior",
                Map.of("scaleDown", Map.of("stabilizationWindowSeconds", 300)))).isEmpty();
        assertThat(schemas.validateAs("kubernetes_autoscaling_v2_HorizontalPodAutoscalerBehavior",
                Map.of("scaleDown", Map.of("stabilisationWindowSeconds", 300)))).isNotEmpty();
        Map<String, Object> old = new java.util.LinkedHashMap<>(kafka);
        old.put("apiVersion", "kafka.strimzi.io/v1beta2");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> schemas.validate(old))
                .hasMessageContaining("serves no kafka.strimzi.io/v1beta2");
    }

    @AfterAll
    static void report() {
        VALIDATED.forEach((kind, source) -> System.out.println("validated " + kind + " against " + source));
    }

    /**
     * KEDA's ScaledObject, as its CRD and its Kafka scaler read it: a target of this build, counts in
     * order, and trigger metadata of strings only (a map of strings in KEDA's API: numbers and
     * booleans in YAML must be quoted).
     */
    private static List<String> scaledObjectProblems(Manifests m, Map<String, Object> scaledObject) {
        List<String> problems = new ArrayList<>();
        Set<String> allowed = Set.of("scaleTargetRef", "minReplicaCount", "maxReplicaCount", "pollingInterval",
                "cooldownPeriod", "idleReplicaCount", "initialCooldownPeriod", "advanced", "fallback", "triggers");
        Map<String, Object> spec = map(scaledObject, "spec");
        Set<String> unknown = new TreeSet<>(spec.keySet());
        unknown.removeAll(allowed);
        if (!unknown.isEmpty()) {
            problems.add(id(scaledObject) + ": unknown spec fields " + unknown);
        }
        if (!"keda.sh/v1alpha1".equals(scaledObject.get("apiVersion"))) {
            problems.add(id(scaledObject) + ": apiVersion " + scaledObject.get("apiVersion"));
        }
        Map<String, Object> ref = map(spec, "scaleTargetRef");
        if (m.find(String.valueOf(ref.getOrDefault("kind", "Deployment")), String.valueOf(ref.get("name"))).isEmpty()) {
            problems.add(id(scaledObject) + ": scaleTargetRef " + ref + " is not in this build");
        }
        if (!(spec.get("minReplicaCount") instanceof Integer min && spec.get("maxReplicaCount") instanceof Integer max
                && 0 <= min && min <= max)) {
            problems.add(id(scaledObject) + ": minReplicaCount/maxReplicaCount");
        }
        // KEDA hands this to the HorizontalPodAutoscaler it creates: the autoscaling/v2 type.
        Map<String, Object> behavior = map(spec, "advanced", "horizontalPodAutoscalerConfig", "behavior");
        Schemas.get().validateAs("kubernetes_autoscaling_v2_HorizontalPodAutoscalerBehavior", behavior)
                .forEach(p -> problems.add(id(scaledObject) + ": advanced.horizontalPodAutoscalerConfig.behavior" + p));
        List<Map<String, Object>> triggers = list(spec, "triggers");
        if (triggers.isEmpty()) {
            problems.add(id(scaledObject) + ": no triggers");
        }
        for (Map<String, Object> trigger : triggers) {
            if (!(trigger.get("type") instanceof String)) {
                problems.add(id(scaledObject) + ": a trigger without type");
            }
            map(trigger, "metadata").forEach((k, v) -> {
                if (!(v instanceof String)) {
                    problems.add(id(scaledObject) + ": trigger metadata " + k + " is " + v.getClass().getSimpleName() + ", not a string");
                }
            });
        }
        return problems;
    }

    private static Map<String, Object> edited(Map<String, Object> resource, String section, String key, Object value) {
        Map<String, Object> copy = new java.util.LinkedHashMap<>(resource);
        copy.put(section, withEntry(map(resource, section), key, value));
        return copy;
    }

    private static Map<String, Object> withEntry(Map<String, Object> from, String key, Object value) {
        Map<String, Object> copy = new java.util.LinkedHashMap<>(from);
        copy.put(key, value);
        return copy;
    }
}
