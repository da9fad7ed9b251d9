package io.hammer.k8s;

import static io.hammer.k8s.Manifests.container;
import static io.hammer.k8s.Manifests.containers;
import static io.hammer.k8s.Manifests.id;
import static io.hammer.k8s.Manifests.list;
import static io.hammer.k8s.Manifests.map;
import static io.hammer.k8s.Manifests.name;
import static io.hammer.k8s.Manifests.podLabels;
import static io.hammer.k8s.Manifests.podSpec;
import static io.hammer.k8s.Manifests.quantity;
import static io.hammer.k8s.Manifests.selects;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

/**
 * What {@code kubectl kustomize} makes of the base, each overlay and the OpenShift overlay: the
 * promises of the README (security, probes, credentials, network policies, RBAC, configuration that
 * rolls the pods) checked on the rendered objects, as the API server would receive them.
 */
class ManifestsTest {
    private static final Map<String, Manifests> BUILDS = new ConcurrentHashMap<>();
    private static final Set<String> ENGINE_ROLES = Set.of("producer", "consumer", "console");

    static Manifests build(String dir) {
        return BUILDS.computeIfAbsent(dir, Kustomize::build);
    }

    @ParameterizedTest
    @ValueSource(strings = {"k8s/base", "k8s/overlays/dev", "k8s/overlays/prod", "openshift"})
    void everyPodMeetsTheRestrictedPodSecurityStandard(String dir) {
        Manifests m = build(dir);
        assertThat(m.workloads()).extracting(Manifests::id).contains("Deployment/producer", "Deployment/consumer",
                "Deployment/console", "Deployment/anvil", "StatefulSet/redis");
        for (Map<String, Object> w : m.workloads()) {
            Map<String, Object> pod = podSpec(w);
            Map<String, Object> podSecurity = map(pod, "securityContext");
            assertThat(podSecurity.get("runAsNonRoot")).as("%s runAsNonRoot", id(w)).isEqualTo(true);
            assertThat(map(podSecurity, "seccompProfile").get("type")).as("%s seccomp", id(w)).isEqualTo("RuntimeDefault");
            assertThat(pod.get("hostNetwork")).as("%s hostNetwork", id(w)).isNotEqualTo(true);
            assertThat(pod.get("hostPID")).as("%s hostPID", id(w)).isNotEqualTo(true);
            for (Map<String, Object> volume : list(pod, "volumes")) {
                assertThat(volume.keySet()).as("%s volume %s", id(w), volume.get("name"))
                        .containsAnyOf("configMap", "secret", "emptyDir", "persistentVolumeClaim")
                        .doesNotContain("hostPath");
            }
            for (Map<String, Object> c : containers(w)) {
                String what = id(w) + " container " + c.get("name");
                Map<String, Object> sc = map(c, "securityContext");
                assertThat(sc.get("allowPrivilegeEscalation")).as("%s allowPrivilegeEscalation", what).isEqualTo(false);
                assertThat(sc.get("readOnlyRootFilesystem")).as("%s readOnlyRootFilesystem", what).isEqualTo(true);
                assertThat(sc.get("privileged")).as("%s privileged", what).isNotEqualTo(true);
                assertThat(map(sc, "capabilities").get("drop")).as("%s drops", what).isEqualTo(List.of("ALL"));
                assertThat(map(sc, "capabilities").get("add")).as("%s adds capabilities", what).isNull();
                // A read-only root needs somewhere to write: /tmp on an emptyDir.
                String tmpVolume = list(c, "volumeMounts").stream().filter(v -> "/tmp".equals(v.get("mountPath")))
                        .map(v -> (String) v.get("name")).findFirst().orElse(null);
                assertThat(tmpVolume).as("%s mounts /tmp", what).isNotNull();
                assertThat(list(pod, "volumes")).as("%s /tmp is an emptyDir", what)
                        .anyMatch(v -> tmpVolume.equals(v.get("name")) && v.containsKey("emptyDir"));
            }
        }
        Map<String, Object> ns = m.get("Namespace", "hammer");
        assertThat(map(ns, "metadata", "labels")).containsEntry("pod-security.kubernetes.io/enforce", "restricted");
    }

    @Test
    void openShiftRoutesOnlyAnvilsAdminPage() {
        // Anvil's POST /orders is open (as a matching engine's order entry is): it must not leave the cluster.
        assertThat(map(build("openshift").get("Route", "anvil"), "spec")).containsEntry("path", "/admin");
    }

    @Test
    void openShiftLeavesUserAndGroupIdsToItsSecurityContextConstraints() {
        Manifests m = build("openshift");
        for (Map<String, Object> w : m.workloads()) {
            List<Map<String, Object>> contexts = new ArrayList<>();
            contexts.add(map(podSpec(w), "securityContext"));
            containers(w).forEach(c -> contexts.add(map(c, "securityContext")));
            for (Map<String, Object> sc : contexts) {
                assertThat(sc).as("%s fixes no ids for restricted-v2", id(w))
                        .doesNotContainKeys("runAsUser", "runAsGroup", "fsGroup");
            }
        }
        // The base does fix Redis's (the image's redis user), so the patch above has something to remove.
        assertThat(map(podSpec(build("k8s/base").get("StatefulSet", "redis")), "securityContext"))
                .containsEntry("runAsUser", 999);
    }

    @ParameterizedTest
    @ValueSource(strings = {"k8s/base", "k8s/overlays/dev", "k8s/overlays/prod", "openshift"})
    void probesUseActuatorHealthGroupsOnDeclaredPorts(String dir) {
        Manifests m = build(dir);
        for (Map<String, Object> w : m.ofKind("Deployment")) {
            for (Map<String, Object> c : list(podSpec(w), "containers")) {
                Set<Object> ports = list(c, "ports").stream().map(p -> p.get("name")).collect(Collectors.toSet());
                for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
                    Map<String, Object> get = map(c, probe, "httpGet");
                    assertThat(get).as("%s %s", id(w), probe).isNotEmpty();
                    String group = probe.equals("readinessProbe") ? "readiness" : "liveness";
                    assertThat(get.get("path")).as("%s %s", id(w), probe).isEqualTo("/actuator/health/" + group);
                    assertThat(ports).as("%s %s port", id(w), probe).contains(get.get("port"));
                }
            }
        }
        Map<String, Object> redis = container(m.get("StatefulSet", "redis"), "redis");
        assertThat(redis).containsKeys("livenessProbe", "readinessProbe");
    }

    @ParameterizedTest
    @ValueSource(strings = {"k8s/base", "k8s/overlays/dev", "k8s/overlays/prod", "openshift"})
    void everyContainerHasRequestsAndLimits(String dir) {
        Manifests m = build(dir);
        for (Map<String, Object> w : m.workloads()) {
            for (Map<String, Object> c : containers(w)) {
                Map<String, Object> requests = map(c, "resources", "requests");
                Map<String, Object> limits = map(c, "resources", "limits");
                for (String r : List.of("cpu", "memory")) {
                    assertThat(requests).as("%s requests", id(w)).containsKey(r);
                    assertThat(limits).as("%s limits", id(w)).containsKey(r);
                    assertThat(quantity(limits.get(r))).as("%s %s limit >= request", id(w), r)
                            .isGreaterThanOrEqualTo(quantity(requests.get(r)));
                }
            }
        }
        // The JVM's heap is 75% of the limit (the image's flags): leave the engine room for Spring and Camel.
        for (String role : ENGINE_ROLES) {
            Map<String, Object> engine = container(m.get("Deployment", role), "engine");
            assertThat(quantity(map(engine, "resources", "limits").get("memory"))).as(role)
                    .isGreaterThanOrEqualTo(512 * 1024 * 1024);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"k8s/base", "k8s/overlays/prod", "openshift"})
    void credentialsAreReferencedNeverIncluded(String dir) {
        Manifests m = build(dir);
        assertThat(m.ofKind("Secret")).as("%s must not carry a Secret: it is created out of band", dir).isEmpty();
        Set<String> keys = secretKeyRefs(m).stream().map(r -> {
            assertThat(r.get("name")).isEqualTo("hammer-credentials");
            return (String) r.get("key");
        }).collect(Collectors.toSet());
        // Every key a pod reads is one the example env file documents (and the README's kubectl create secret).
        assertThat(keys).containsExactlyInAnyOrderElementsOf(Kustomize.TEST_CREDENTIALS.keySet());
    }

    @Test
    void devGeneratesTheSecretFromTheIgnoredEnvFileAndEveryReferenceFollowsItsHash() {
        Manifests m = build("k8s/overlays/dev");
        List<Map<String, Object>> secrets = m.ofKind("Secret");
        assertThat(secrets).hasSize(1);
        String secretName = name(secrets.get(0));
        assertThat(secretName).matches("hammer-credentials-[a-z0-9]{10}");
        assertThat(map(secrets.get(0), "metadata").get("namespace")).isEqualTo("hammer");
        Map<String, Object> data = map(secrets.get(0), "data");
        Kustomize.TEST_CREDENTIALS.forEach((key, value) -> assertThat(
                new String(Base64.getMimeDecoder().decode((String) data.get(key)), StandardCharsets.UTF_8)).isEqualTo(value));
        for (Map<String, Object> ref : secretKeyRefs(m)) {
            assertThat(ref.get("name")).isEqualTo(secretName);
            assertThat(data).containsKey((String) ref.get("key"));
        }
        // The plain values appear nowhere (not in a ConfigMap, not in an env value).
        Kustomize.TEST_CREDENTIALS.values().forEach(v -> assertThat(m.text()).doesNotContain(v));
    }

    @ParameterizedTest
    @ValueSource(strings = {"k8s/base", "k8s/overlays/dev", "k8s/overlays/prod", "openshift"})
    void engineConfigurationAndRoutesComeFromHashedConfigMapsTheEngineReads(String dir) throws java.io.IOException {
        Manifests m = build(dir);
        for (String role : ENGINE_ROLES) {
            Map<String, Object> w = m.get("Deployment", role);
            Map<String, Object> engine = container(w, "engine");
            Map<String, String> mounts = new java.util.HashMap<>();
            for (Map<String, Object> mount : list(engine, "volumeMounts")) {
                mounts.put((String) mount.get("name"), (String) mount.get("mountPath"));
            }
            Map<String, String> configMaps = new java.util.HashMap<>();
            for (Map<String, Object> volume : list(podSpec(w), "volumes")) {
                if (volume.containsKey("configMap")) {
                    String cm = (String) map(volume, "configMap").get("name");
                    assertThat(cm).as("%s: a generated ConfigMap, with its content's hash", role)
                            .matches("hammer-(config|routes|queue-routes)-[a-z0-9]{10}");
                    m.get("ConfigMap", cm);
                    configMaps.put(cm.substring(0, cm.lastIndexOf('-')), mounts.get((String) volume.get("name")));
                }
            }
            assertThat(configMaps).containsOnlyKeys("hammer-config", "hammer-routes", "hammer-queue-routes");
            String configDir = configMaps.get("hammer-config");
            assertThat(env(engine, "SPRING_CONFIG_ADDITIONAL_LOCATION")).isEqualTo("file:" + configDir + "/");

            Map<String, Object> settings = applicationYaml(m);
            // The ConfigMaps replace the image's camel/*.yaml routes and its queue's queues/${hammer.queue}/*.yaml;
            // whatever else the image loads (the route templates) must still be loaded.
            Map<String, Object> imageSettings = new org.yaml.snakeyaml.Yaml().load(java.nio.file.Files.readString(
                    Kustomize.REPO.resolve("routes/src/main/resources/application.yaml")));
            List<String> kept = java.util.Arrays.stream(((String) map(imageSettings, "camel", "main")
                    .get("routes-include-pattern")).split(","))
                    .filter(p -> !p.equals("classpath:camel/*.yaml") && !p.equals("classpath:queues/${hammer.queue}/*.yaml")).toList();
            assertThat(((String) map(settings, "camel", "main").get("routes-include-pattern")).split(","))
                    .containsExactlyInAnyOrderElementsOf(java.util.stream.Stream.concat(kept.stream(),
                            java.util.stream.Stream.of("file:" + configMaps.get("hammer-routes") + "/*.yaml",
                                    "file:" + configMaps.get("hammer-queue-routes") + "/*.yaml")).toList());
        }
        // The settings name the objects of the same build.
        Map<String, Object> settings = applicationYaml(m);
        assertThat(map(settings, "spring", "data", "redis").get("host")).isEqualTo(name(m.get("Service", "redis")));
        Map<String, Object> kafka = m.get("Kafka", "hammer");
        Map<String, Object> listener = list(map(kafka, "spec", "kafka"), "listeners").get(0);
        assertThat(map(settings, "hammer", "kafka").get("brokers"))
                .isEqualTo(name(kafka) + "-kafka-bootstrap:" + listener.get("port"));
        assertThat(map(settings, "hammer", "target").get("url")).isEqualTo("http://anvil:" + servicePort(m, "anvil", "http"));
        assertThat(map(settings, "spring", "kafka", "admin").get("auto-create")).isEqualTo(false);
        assertThat(map(settings, "management", "endpoint", "health", "group", "readiness").get("include"))
                .asString().contains("readinessState", "redis");
        for (Map<String, Object> cm : m.ofKind("ConfigMap")) {
            assertThat(map(cm, "data").toString()).as("ConfigMap %s holds no password", name(cm))
                    .doesNotContainPattern("password:[ \\t]*[^\\s$]");
        }
    }

    @Test
    void editingARouteChangesTheConfigMapNameSoTheEnginePodsRoll() throws Exception {
        String before = routesConfigMap(build("k8s/overlays/dev"));
        java.nio.file.Path tree = Kustomize.freshTree("kustomize-edited");
        java.nio.file.Path route = tree.resolve("k8s/base/engine/routes/deliver.yaml");
        java.nio.file.Files.writeString(route, java.nio.file.Files.readString(route) + "# edited\n");
        Manifests edited = Kustomize.build(tree.resolve("k8s/overlays/dev"));
        String after = routesConfigMap(edited);
        assertThat(after).isNotEqualTo(before);
        for (String role : ENGINE_ROLES) {
            assertThat(list(podSpec(edited.get("Deployment", role)), "volumes"))
                    .anyMatch(v -> after.equals(map(v, "configMap").get("name")));
        }
    }

    @Test
    void theRoutesConfigMapsHoldTheEnginesRoutesAsBuilt() throws Exception {
        // k8s/base/engine/routes and queue-routes are copies (kustomize reads files only below its own
        // folder): a route changed in routes/src/main/resources/camel must be copied there too.
        Manifests base = build("k8s/base");
        assertHolds(base, "hammer-routes-", "routes/src/main/resources/camel", "k8s/base/engine/routes");
        assertHolds(base, "hammer-queue-routes-", "routes/src/main/resources/queues/kafka", "k8s/base/engine/queue-routes");
    }

    /**
     * components/pulsar: the engine's queue is Pulsar, reached at the Helm release's proxy; the queue's
     * routes are Pulsar's, as built into the image; the engine may reach the proxy; no Kafka cluster.
     */
    @Test
    void thePulsarComponentSwapsTheQueueForTheHelmReleasesPulsar() throws Exception {
        Manifests m = Kustomize.withComponents("k8s/overlays/dev", "pulsar");
        assertHolds(m, "hammer-queue-routes-", "routes/src/main/resources/queues/pulsar", "k8s/components/pulsar/routes");
        for (String role : ENGINE_ROLES) {
            Map<String, Object> engine = container(m.get("Deployment", role), "engine");
            assertThat(env(engine, "HAMMER_QUEUE")).as(role).isEqualTo("pulsar");
            assertThat(env(engine, "HAMMER_PULSAR_SERVICE_URL")).as(role).isEqualTo("pulsar://pulsar-proxy.pulsar.svc.cluster.local:6650");
        }
        Map<String, Object> egress = m.get("NetworkPolicy", "engine-pulsar-egress");
        assertThat(map(egress, "spec", "podSelector", "matchLabels")).containsEntry("app.kubernetes.io/name", "hammer");
        Map<String, Object> rule = list(map(egress, "spec"), "egress").get(0);
        assertThat(list(rule, "ports")).singleElement().satisfies(p -> assertThat(p.get("port")).isEqualTo(6650));
        assertThat(map(list(rule, "to").get(0), "namespaceSelector", "matchLabels"))
                .containsEntry("kubernetes.io/metadata.name", "pulsar");
        assertThat(m.ofKind("Kafka")).isEmpty();
        assertThat(m.ofKind("KafkaTopic")).isEmpty();
        // The Helm values name only keys of the chart, for the small cluster the README describes.
        Map<String, Object> values = new org.yaml.snakeyaml.Yaml().load(java.nio.file.Files.readString(
                Kustomize.REPO.resolve("k8s/components/pulsar/pulsar-values.yaml")));
        assertThat(map(values, "components")).containsEntry("functions", false).containsEntry("proxy", true);
        assertThat(map(values, "broker").get("replicaCount")).isEqualTo(1);
    }

    /** The ConfigMap named {@code prefix}... holds exactly the routes of {@code camelDir}, as copied into {@code copyDir}. */
    private static void assertHolds(Manifests m, String prefix, String camelDir, String copyDir) throws java.io.IOException {
        java.nio.file.Path camel = Kustomize.REPO.resolve(camelDir);
        String name = m.ofKind("ConfigMap").stream().map(Manifests::name).filter(n -> n.startsWith(prefix)).findFirst().orElseThrow();
        Map<String, Object> data = map(m.get("ConfigMap", name), "data");
        Set<String> shipped = new HashSet<>();
        try (var files = java.nio.file.Files.list(camel)) {
            files.filter(f -> f.toString().endsWith(".yaml")).forEach(f -> shipped.add(f.getFileName().toString()));
        }
        assertThat(data.keySet()).as("routes in %s vs %s", name, camel).containsExactlyInAnyOrderElementsOf(shipped);
        for (String file : shipped) {
            assertThat(data.get(file)).as("%s/%s differs from %s/%s: copy it", copyDir, file, camelDir, file)
                    .isEqualTo(java.nio.file.Files.readString(camel.resolve(file)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"k8s/base", "k8s/overlays/dev", "k8s/overlays/prod", "openshift"})
    @SuppressWarnings("unchecked")
    void theConsoleMayOnlyScaleAndRestartHammersDeployments(String dir) {
        Manifests m = build(dir);
        assertThat(m.ofKind("ClusterRole")).isEmpty();
        assertThat(m.ofKind("ClusterRoleBinding")).isEmpty();
        Set<String> deployments = m.ofKind("Deployment").stream().map(Manifests::name).collect(Collectors.toSet());
        List<Map<String, Object>> roles = m.ofKind("Role");
        assertThat(roles).hasSize(1);
        List<String> grants = new java.util.ArrayList<>();
        for (Map<String, Object> rule : list(roles.get(0), "rules")) {
            assertThat((List<Object>) rule.get("apiGroups")).containsExactly("apps");
            List<String> resources = (List<String>) rule.get("resources");
            assertThat(resources).isNotEmpty().isSubsetOf("deployments", "deployments/scale");
            // What KubernetesWorkers calls: GET and merge PATCH of the Deployment (read, restart),
            // GET and PUT of its scale subresource (fabric8's scale()). No list, watch, create or delete.
            for (String resource : resources) {
                grants.addAll(((List<String>) rule.get("verbs")).stream().map(verb -> verb + " " + resource).toList());
            }
            @SuppressWarnings("unchecked")
            List<String> names = (List<String>) rule.get("resourceNames");
            assertThat(names).as("resourceNames bound the rule to the worker groups").containsExactlyInAnyOrder("producer", "consumer");
            assertThat(deployments).containsAll(names);
        }
        assertThat(grants).containsExactlyInAnyOrder("get deployments", "patch deployments",
                "get deployments/scale", "update deployments/scale");
        assertThat(roles.get(0).toString()).doesNotContain("*");
        Map<String, Object> binding = m.ofKind("RoleBinding").get(0);
        assertThat(map(binding, "roleRef").get("name")).isEqualTo(name(roles.get(0)));
        assertThat(list(binding, "subjects")).singleElement()
                .satisfies(s -> assertThat(s).containsEntry("kind", "ServiceAccount").containsEntry("name", "console"));
        Map<String, Object> consolePod = podSpec(m.get("Deployment", "console"));
        assertThat(consolePod.get("serviceAccountName")).isEqualTo("console");
        // The console controls workers through this API (KubernetesWorkers), not its own JVM's routes.
        assertThat(env(container(m.get("Deployment", "console"), "engine"), "HAMMER_CONSOLE_WORKERS")).isEqualTo("kubernetes");
        m.get("ServiceAccount", "console");
        for (Map<String, Object> w : m.workloads()) {
            if (!name(w).equals("console")) {
                assertThat(podSpec(w).get("automountServiceAccountToken")).as("%s needs no API token", id(w)).isEqualTo(false);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"k8s/base", "k8s/overlays/dev", "k8s/overlays/prod", "openshift"})
    void rolesServicesAndDisruptionBudgetsMatchTheirPods(String dir) {
        Manifests m = build(dir);
        Map<String, Map<String, String>> roles = Map.of(
                "producer", Map.of("HAMMER_ROLE_GENERATOR", "false", "HAMMER_ROLE_PRODUCER", "true", "HAMMER_ROLE_CONSUMER", "false"),
                "consumer", Map.of("HAMMER_ROLE_GENERATOR", "false", "HAMMER_ROLE_PRODUCER", "false", "HAMMER_ROLE_CONSUMER", "true"),
                "console", Map.of("HAMMER_ROLE_GENERATOR", "true", "HAMMER_ROLE_PRODUCER", "false", "HAMMER_ROLE_CONSUMER", "false"));
        roles.forEach((role, env) -> env.forEach((k, v) ->
                assertThat(env(container(m.get("Deployment", role), "engine"), k)).as("%s %s", role, k).isEqualTo(v)));
        for (Map<String, Object> service : m.ofKind("Service")) {
            List<Map<String, Object>> pods = m.selected(map(service, "spec", "selector"));
            assertThat(pods).as("Service %s selects a workload", name(service)).isNotEmpty();
            for (Map<String, Object> port : list(map(service, "spec"), "ports")) {
                for (Map<String, Object> w : pods) {
                    assertThat(containers(w).stream().flatMap(c -> list(c, "ports").stream()).map(p -> p.get("name")))
                            .as("Service %s targetPort", name(service)).contains(port.get("targetPort"));
                }
            }
        }
        Set<String> covered = new HashSet<>();
        for (Map<String, Object> pdb : m.ofKind("PodDisruptionBudget")) {
            List<Map<String, Object>> pods = m.selected(map(pdb, "spec", "selector"));
            assertThat(pods).as("PDB %s selects exactly one workload", name(pdb)).hasSize(1);
            assertThat(map(pdb, "spec").get("maxUnavailable")).as("PDB %s lets a drain proceed", name(pdb)).isEqualTo(1);
            covered.add(id(pods.get(0)));
        }
        assertThat(covered).containsExactlyInAnyOrderElementsOf(m.workloads().stream().map(Manifests::id).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"k8s/base", "k8s/overlays/dev", "k8s/overlays/prod", "openshift"})
    @SuppressWarnings("unchecked")
    void kafkaIsKraftWithTopicsThatLetTheConsumersScale(String dir) {
        Manifests m = build(dir);
        Map<String, Object> kafka = m.get("Kafka", "hammer");
        // Pinned: a Kafka version and its metadata version of the same release (Strimzi 1.2 runs 4.2 and 4.3).
        String version = (String) map(kafka, "spec", "kafka").get("version");
        assertThat(version).matches("4\\.[23]\\.\\d+");
        assertThat((String) map(kafka, "spec", "kafka").get("metadataVersion"))
                .startsWith(version.substring(0, version.lastIndexOf('.')) + "-IV");
        List<Map<String, Object>> pools = m.ofKind("KafkaNodePool");
        assertThat(pools).isNotEmpty().allSatisfy(p -> {
            assertThat(map(p, "metadata", "labels")).containsEntry("strimzi.io/cluster", name(kafka));
            assertThat(p.get("apiVersion")).isEqualTo("kafka.strimzi.io/v1");
        });
        assertThat(pools.stream().flatMap(p -> ((List<Object>) map(p, "spec").get("roles")).stream()))
                .contains("controller", "broker");
        int brokers = pools.stream().filter(p -> ((List<Object>) map(p, "spec").get("roles")).contains("broker"))
                .mapToInt(p -> (Integer) map(p, "spec").get("replicas")).sum();
        Map<String, Object> config = map(kafka, "spec", "kafka", "config");
        assertThat(config.get("auto.create.topics.enable")).isEqualTo(false);
        assertThat((Integer) config.get("min.insync.replicas")).isLessThanOrEqualTo(brokers);

        Map<String, Map<String, Object>> topics = m.ofKind("KafkaTopic").stream().collect(Collectors.toMap(
                t -> (String) map(t, "spec").getOrDefault("topicName", name(t)), t -> t));
        Map<String, Object> engineDefaults = imageApplicationYaml();
        Map<String, Object> names = map(engineDefaults, "hammer", "topics");
        assertThat(topics.keySet()).containsExactlyInAnyOrder((String) names.get("messages"),
                (String) names.get("dead-letter"), (String) names.get("metrics"));
        for (Map<String, Object> topic : topics.values()) {
            assertThat(map(topic, "metadata", "labels")).containsEntry("strimzi.io/cluster", name(kafka));
            assertThat((Integer) map(topic, "spec").get("replicas")).isBetween(1, brokers);
        }
        int partitions = (Integer) map(topics.get((String) names.get("messages")), "spec").get("partitions");
        int threads = 1; // one Kafka consumer per engine: each is a static member with a group.instance.id of its own
        int consumers = firstReplicas(m.get("Deployment", "consumer"));
        assertThat(consumers * threads).as("consumer threads vs partitions of messages").isLessThanOrEqualTo(partitions);
        // Room to scale consumers beyond what the overlay starts with.
        assertThat(partitions).isGreaterThanOrEqualTo(2 * consumers * threads);
    }

    @Test
    void overlaysDifferAsTheReadmeSays() {
        Manifests dev = build("k8s/overlays/dev");
        Manifests prod = build("k8s/overlays/prod");
        for (Map<String, Object> w : dev.ofKind("Deployment")) {
            assertThat(firstReplicas(w)).as("dev %s", id(w)).isEqualTo(1);
        }
        assertThat(firstReplicas(prod.get("Deployment", "consumer"))).isGreaterThan(1);
        assertThat(firstReplicas(prod.get("Deployment", "producer"))).isGreaterThan(1);
        // prod: the KRaft quorum and the brokers in pools of their own, three of each, the brokers rack-aware.
        Map<String, Object> controllers = prod.get("KafkaNodePool", "controller");
        Map<String, Object> brokers = prod.get("KafkaNodePool", "broker");
        assertThat(map(controllers, "spec")).containsEntry("roles", List.of("controller")).containsEntry("replicas", 3);
        assertThat(map(brokers, "spec")).containsEntry("roles", List.of("broker")).containsEntry("replicas", 3);
        assertThat(prod.ofKind("KafkaNodePool")).hasSize(2);
        assertThat(map(prod.get("Kafka", "hammer"), "spec", "kafka", "rack"))
                .containsEntry("topologyKey", "topology.kubernetes.io/zone");
        assertThat(dev.ofKind("KafkaNodePool")).singleElement()
                .satisfies(p -> assertThat(map(p, "spec").get("roles")).isEqualTo(List.of("controller", "broker")));
        for (String role : List.of("producer", "consumer")) {
            Map<String, Object> anti = map(podSpec(prod.get("Deployment", role)), "affinity", "podAntiAffinity");
            List<Map<String, Object>> terms = list(anti, "preferredDuringSchedulingIgnoredDuringExecution");
            assertThat(terms).as("prod %s anti-affinity", role).isNotEmpty();
            assertThat(selects(map(terms.get(0), "podAffinityTerm", "labelSelector"),
                    podLabels(prod.get("Deployment", role)))).as("prod %s spreads its own pods", role).isTrue();
            double devMemory = quantity(map(container(dev.get("Deployment", role), "engine"), "resources", "limits").get("memory"));
            double prodMemory = quantity(map(container(prod.get("Deployment", role), "engine"), "resources", "limits").get("memory"));
            assertThat(devMemory).isLessThan(prodMemory);
        }
        assertThat(prod.ofKind("PodMonitor")).extracting(Manifests::name).containsExactlyInAnyOrder("hammer", "anvil", "kafka");
        assertThat(dev.ofKind("PodMonitor")).as("dev needs no Prometheus Operator").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"k8s/overlays/prod", "openshift"})
    void podMonitorsScrapeDeclaredPortsAndStrimzisMetricsPort(String dir) {
        Manifests m = build(dir);
        for (Map<String, Object> monitor : m.ofKind("PodMonitor")) {
            Map<String, Object> selector = map(monitor, "spec", "selector");
            if (map(selector, "matchLabels").containsKey("strimzi.io/cluster")) {
                // Strimzi's pods: Kafka's and Kafka Exporter's metrics port (tcp-prometheus, /metrics).
                assertThat(map(selector, "matchLabels")).containsEntry("strimzi.io/cluster", name(m.get("Kafka", "hammer")));
                assertThat(list(map(monitor, "spec"), "podMetricsEndpoints")).singleElement()
                        .satisfies(e -> assertThat(e).containsEntry("port", "tcp-prometheus").containsEntry("path", "/metrics"));
                continue;
            }
            List<Map<String, Object>> pods = m.selected(selector);
            assertThat(pods).as("PodMonitor %s selects pods", name(monitor)).isNotEmpty();
            for (Map<String, Object> endpoint : list(map(monitor, "spec"), "podMetricsEndpoints")) {
                assertThat(endpoint.get("path")).isEqualTo("/actuator/prometheus");
                for (Map<String, Object> w : pods) {
                    assertThat(containers(w).stream().flatMap(c -> list(c, "ports").stream()).map(p -> p.get("name")))
                            .contains(endpoint.get("port"));
                }
            }
        }
        assertThat(m.ofKind("PodMonitor")).extracting(Manifests::name).contains("kafka");
    }

    @Test
    void openShiftRoutesTerminateTlsAtTheEdgeForTheConsoleHawtioAndAnvil() {
        Manifests m = build("openshift");
        assertThat(m.ofKind("Route")).extracting(Manifests::name).containsExactlyInAnyOrder("console", "anvil");
        for (Map<String, Object> route : m.ofKind("Route")) {
            assertThat(map(route, "spec", "tls")).containsEntry("termination", "edge")
                    .containsEntry("insecureEdgeTerminationPolicy", "Redirect");
            Map<String, Object> service = m.get("Service", (String) map(route, "spec", "to").get("name"));
            assertThat(list(map(service, "spec"), "ports")).extracting(p -> p.get("name"))
                    .contains(map(route, "spec", "port").get("targetPort"));
        }
        // Anvil's Route carries /admin only: the router matches paths by prefix, and answers the rest
        // (POST /orders included) itself.
        for (Map<String, Object> route : m.ofKind("Route")) {
            if (map(route, "spec", "to").get("name").equals("anvil")) {
                String path = String.valueOf(map(route, "spec").get("path"));
                assertThat(path).as("Route %s path", name(route)).startsWith("/admin");
                assertThat("/orders").doesNotStartWith(path);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"k8s/overlays/dev", "k8s/overlays/prod", "openshift"})
    void everyImageNamesItsRegistry(String dir) {
        // An image without a registry host is pulled from Docker Hub.
        for (Map<String, Object> w : build(dir).workloads()) {
            for (Map<String, Object> c : containers(w)) {
                String registry = ((String) c.get("image")).split("/")[0];
                assertThat(registry).as("%s image %s", id(w), c.get("image"))
                        .matches("localhost|.*[.:].*");
            }
        }
        // The base keeps the names Jib tags (ImageTarballTest), which the overlays' images: rewrite.
        assertThat(container(build("k8s/base").get("Deployment", "producer"), "engine").get("image"))
                .asString().startsWith("hammer/engine:");
    }

    @Test
    void theRepositoryHoldsNoCredentials() throws Exception {
        Process git = new ProcessBuilder("git", "ls-files", "k8s", "openshift").directory(Kustomize.REPO.toFile())
                .redirectErrorStream(true).start();
        List<String> files = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertThat(git.waitFor()).as("git ls-files: %s", files).isZero();
        assertThat(files).as("tracked files").contains("k8s/components/credentials/credentials.env.example")
                .noneMatch(f -> f.endsWith(".env"));
        Process ignored = new ProcessBuilder("git", "check-ignore", "-q", "k8s/components/credentials/credentials.env")
                .directory(Kustomize.REPO.toFile()).start();
        assertThat(ignored.waitFor()).as("credentials.env is git-ignored").isZero();
        for (String file : files) {
            java.nio.file.Path path = Kustomize.REPO.resolve(file);
            if (!java.nio.file.Files.isRegularFile(path) || !(file.endsWith(".yaml") || file.endsWith(".example"))) {
                continue;
            }
            String text = java.nio.file.Files.readString(path);
            assertThat(text).as(file).doesNotContainPattern("(?m)^kind:\\s*Secret");
            assertThat(text).as(file).doesNotContainPattern("(?m)^[a-z-]*password=\\S");
        }
    }

    // -- helpers

    /**
     * How many pods a Deployment starts with: spec.replicas where it is fixed (console, Anvil), else
     * the first count deploy.sh gives it (annotation hammer.io/first-replicas), else Kubernetes' 1.
     */
    static int firstReplicas(Map<String, Object> deployment) {
        Object fixed = map(deployment, "spec").get("replicas");
        Object first = map(deployment, "metadata", "annotations").get("hammer.io/first-replicas");
        return fixed != null ? (Integer) fixed : first != null ? Integer.parseInt((String) first) : 1;
    }

    private static List<Map<String, Object>> secretKeyRefs(Manifests m) {
        List<Map<String, Object>> refs = new ArrayList<>();
        for (Map<String, Object> w : m.workloads()) {
            for (Map<String, Object> c : containers(w)) {
                for (Map<String, Object> env : list(c, "env")) {
                    Map<String, Object> ref = map(env, "valueFrom", "secretKeyRef");
                    if (!ref.isEmpty()) {
                        refs.add(ref);
                    }
                }
                assertThat(list(c, "envFrom")).as("%s: secrets by key only", id(w)).isEmpty();
            }
        }
        assertThat(refs).isNotEmpty();
        return refs;
    }

    static String env(Map<String, Object> container, String name) {
        return list(container, "env").stream().filter(e -> name.equals(e.get("name")))
                .map(e -> (String) e.get("value")).findFirst().orElse(null);
    }

    private static Object servicePort(Manifests m, String service, String port) {
        return list(map(m.get("Service", service), "spec"), "ports").stream().filter(p -> port.equals(p.get("name")))
                .map(p -> p.get("port")).findFirst().orElseThrow();
    }

    private static String routesConfigMap(Manifests m) {
        return m.ofKind("ConfigMap").stream().map(Manifests::name).filter(n -> n.startsWith("hammer-routes-"))
                .findFirst().orElseThrow();
    }

    static Map<String, Object> applicationYaml(Manifests m) {
        String cm = m.ofKind("ConfigMap").stream().map(Manifests::name).filter(n -> n.startsWith("hammer-config-"))
                .findFirst().orElseThrow();
        return new Yaml().load((String) map(m.get("ConfigMap", cm), "data").get("application.yaml"));
    }

    /** The engine's own defaults (inside the image). */
    static Map<String, Object> imageApplicationYaml() {
        try {
            return new Yaml().load(java.nio.file.Files.readString(
                    Kustomize.REPO.resolve("routes/src/main/resources/application.yaml")));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
