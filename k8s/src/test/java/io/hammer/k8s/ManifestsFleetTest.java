package io.hammer.k8s;

import static io.hammer.k8s.Manifests.container;
import static io.hammer.k8s.Manifests.list;
import static io.hammer.k8s.Manifests.map;
import static io.hammer.k8s.Manifests.name;
import static io.hammer.k8s.Manifests.podSpec;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The engine's pods as members of a fleet: who owns their count, how they stop, who they are, and
 * the autoscalers that size the consumers.
 */
class ManifestsFleetTest {
    private static final List<String> ENGINE_ROLES = List.of("producer", "consumer", "console");
    /** What the grace period keeps beyond the preStop sleep and the engine's shutdown phase. */
    private static final Duration MARGIN = Duration.ofSeconds(10);

    @ParameterizedTest
    @ValueSource(strings = {"k8s/base", "k8s/overlays/dev", "k8s/overlays/prod", "openshift"})
    void theWorkersCountBelongsToScaleNeverToALaterApply(String dir) {
        Manifests m = ManifestsTest.build(dir);
        for (String worker : List.of("producer", "consumer")) {
            assertThat(map(m.get("Deployment", worker), "spec")).as("%s %s", dir, worker).doesNotContainKey("replicas");
        }
        // One console (one run monitor) and one Anvil (its counts are per pod), fixed.
        assertThat(map(m.get("Deployment", "console"), "spec")).containsEntry("replicas", 1);
        assertThat(map(m.get("Deployment", "anvil"), "spec")).containsEntry("replicas", 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"k8s/base", "k8s/overlays/dev", "k8s/overlays/prod", "openshift"})
    void theGracePeriodCoversThePreStopSleepAndTheEnginesShutdown(String dir) {
        Manifests m = ManifestsTest.build(dir);
        Map<String, Object> settings = ManifestsTest.applicationYaml(m);
        assertThat(map(settings, "server").get("shutdown")).isEqualTo("graceful");
        Duration phase = springDuration(String.valueOf(map(settings, "spring", "lifecycle").get("timeout-per-shutdown-phase")));
        assertThat(phase).isPositive();
        for (String role : ENGINE_ROLES) {
            Map<String, Object> w = m.get("Deployment", role);
            Map<String, Object> preStop = map(container(w, "engine"), "lifecycle", "preStop");
            // Kubernetes' own sleep action: the image needs no shell for it.
            assertThat(preStop).as("%s preStop", role).containsOnlyKeys("sleep");
            Duration sleep = Duration.ofSeconds(((Number) map(preStop, "sleep").get("seconds")).longValue());
            assertThat(sleep).as("%s: endpoints need a moment to drop the pod", role).isPositive();
            Duration grace = Duration.ofSeconds(((Number) podSpec(w).get("terminationGracePeriodSeconds")).longValue());
            assertThat(grace).as("%s %s: grace period >= preStop %s + shutdown phase %s + margin %s", dir, role, sleep, phase, MARGIN)
                    .isGreaterThanOrEqualTo(sleep.plus(phase).plus(MARGIN));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"k8s/base", "k8s/overlays/prod", "openshift"})
    void producersAndConsumersAreGroupMembersNamedAfterTheirPods(String dir) {
        Manifests m = ManifestsTest.build(dir);
        for (String role : List.of("producer", "consumer")) {
            Map<String, Object> env = list(container(m.get("Deployment", role), "engine"), "env").stream()
                    .filter(e -> "HAMMER_INSTANCE_ID".equals(e.get("name"))).findFirst().orElseThrow();
            assertThat(map(env, "valueFrom", "fieldRef")).containsEntry("fieldPath", "metadata.name");
        }
    }

    @Test
    void prodsFirstCountsLeaveTheConsumersRoomWithinThePartitions() {
        Manifests prod = ManifestsTest.build("k8s/overlays/prod");
        int threads = 1; // one Kafka consumer per engine: each is a static member with a group.instance.id of its own
        int consumers = ManifestsTest.firstReplicas(prod.get("Deployment", "consumer"));
        assertThat(consumers).isGreaterThan(1);
        assertThat(ManifestsTest.firstReplicas(prod.get("Deployment", "producer"))).isGreaterThan(1);
        assertThat(consumers * threads).isLessThanOrEqualTo(partitionsOfMessages(prod));
    }

    @ParameterizedTest
    @ValueSource(strings = {"k8s/overlays/dev", "k8s/overlays/prod"})
    void kedaScalesTheEnginesConsumerGroupOnItsLagWithinThePartitions(String overlay) {
        Manifests m = Kustomize.withComponents(overlay, "consumer-lag-autoscaling");
        Map<String, Object> scaled = m.get("ScaledObject", "consumer");
        assertThat(map(scaled, "metadata").get("namespace")).isEqualTo("hammer");
        assertThat(map(scaled, "spec", "scaleTargetRef")).containsEntry("name", "consumer");
        assertThat(map(m.get("Deployment", "consumer"), "spec")).doesNotContainKey("replicas");
        assertThat(m.ofKind("HorizontalPodAutoscaler")).as("one autoscaler per Deployment").isEmpty();

        Map<String, Object> image = ManifestsTest.imageApplicationYaml();
        Map<String, Object> settings = ManifestsTest.applicationYaml(m);
        Map<String, Object> trigger = list(map(scaled, "spec"), "triggers").get(0);
        assertThat(trigger.get("type")).isEqualTo("kafka");
        assertThat(map(trigger, "metadata"))
                .containsEntry("consumerGroup", map(image, "hammer", "consumer").get("group"))
                .containsEntry("topic", map(image, "hammer", "topics").get("messages"))
                .containsEntry("bootstrapServers", map(settings, "hammer", "kafka").get("brokers"));
        int threads = 1; // one Kafka consumer per engine: each is a static member with a group.instance.id of its own
        int max = (Integer) map(scaled, "spec").get("maxReplicaCount");
        assertThat(max * threads).as("consumer threads at the maximum vs partitions of messages")
                .isLessThanOrEqualTo(partitionsOfMessages(m));
        assertThat((Integer) map(scaled, "spec").get("minReplicaCount")).isBetween(1, max);
        // Lag per consumer before KEDA adds one: above what a consumer on schedule holds in flight.
        int batch = (Integer) map(image, "hammer", "consumer").get("batch-size");
        assertThat(Integer.parseInt((String) map(trigger, "metadata").get("lagThreshold"))).isGreaterThan(threads * batch);
    }

    @Test
    void theCpuAutoscalerStaysWithinThePartitions() {
        Manifests m = Kustomize.withComponents("k8s/overlays/prod", "consumer-autoscaling");
        Map<String, Object> hpa = m.get("HorizontalPodAutoscaler", "consumer");
        assertThat(map(hpa, "metadata").get("namespace")).isEqualTo("hammer");
        Map<String, Object> ref = map(hpa, "spec", "scaleTargetRef");
        assertThat(m.get(String.valueOf(ref.get("kind")), String.valueOf(ref.get("name")))).isNotNull();
        int threads = 1; // one Kafka consumer per engine: each is a static member with a group.instance.id of its own
        assertThat((Integer) map(hpa, "spec").get("maxReplicas") * threads).isLessThanOrEqualTo(partitionsOfMessages(m));
        assertThat(m.ofKind("ScaledObject")).isEmpty();
    }

    @Test
    void springDurationsReadAsSpringReadsThem() {
        assertThat(springDuration("40s")).isEqualTo(Duration.ofSeconds(40));
        assertThat(springDuration("1m")).isEqualTo(Duration.ofMinutes(1));
        assertThat(springDuration("PT30S")).isEqualTo(Duration.ofSeconds(30));
        assertThat(springDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(springDuration("45")).as("a bare number is milliseconds").isEqualTo(Duration.ofMillis(45));
    }

    /** Spring Boot's simple duration format (10s, 500ms, 1m; a bare number is milliseconds) or ISO-8601. */
    static Duration springDuration(String value) {
        if (value.startsWith("P") || value.startsWith("p")) {
            return Duration.parse(value);
        }
        Matcher simple = Pattern.compile("(\\d+)(ns|us|ms|s|m|h|d)?").matcher(value.trim());
        assertThat(simple.matches()).as("a Spring duration: %s", value).isTrue();
        long amount = Long.parseLong(simple.group(1));
        String unit = simple.group(2) == null ? "ms" : simple.group(2);
        return switch (unit) {
            case "ns" -> Duration.ofNanos(amount);
            case "us" -> Duration.ofNanos(amount * 1000);
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    private static int partitionsOfMessages(Manifests m) {
        String topic = (String) map(ManifestsTest.imageApplicationYaml(), "hammer", "topics").get("messages");
        return m.ofKind("KafkaTopic").stream().filter(t -> topic.equals(map(t, "spec").getOrDefault("topicName", name(t))))
                .mapToInt(t -> (Integer) map(t, "spec").get("partitions")).findFirst()
                .orElseThrow(() -> new AssertionError("no KafkaTopic " + topic + " in " + m.source()));
    }
}
