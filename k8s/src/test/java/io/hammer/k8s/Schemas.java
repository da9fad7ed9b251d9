package io.hammer.k8s;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * JSON schemas of the resources the manifests hold, from Maven artifacts that the pom unpacks under
 * target/: the Kubernetes API types (and OpenShift's Route, the Prometheus Operator's PodMonitor)
 * from fabric8's model jars, and the kafka.strimzi.io/v1 CRDs that Strimzi's own CRD generator makes
 * from Strimzi's API module, as Strimzi's release does. Objects are closed (an unknown field is an
 * error, as {@code kubectl apply}'s strict field validation makes it), unless a schema says that it
 * keeps unknown fields.
 */
final class Schemas {
    static final List<String> STRIMZI_KINDS = List.of("Kafka", "KafkaNodePool", "KafkaTopic");
    private static final Map<String, String> STRIMZI_CLASSES = Map.of(
            "Kafka", "io.strimzi.api.kafka.model.kafka.Kafka",
            "KafkaNodePool", "io.strimzi.api.kafka.model.nodepool.KafkaNodePool",
            "KafkaTopic", "io.strimzi.api.kafka.model.topic.KafkaTopic");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);
    private static Schemas instance;

    private final ObjectNode kubernetesDefinitions;
    private final Map<String, String> kubernetesKinds = new ConcurrentHashMap<>();
    private final Map<String, JsonNode> strimziCrds;
    private final Map<String, Schema> compiled = new ConcurrentHashMap<>();

    private Schemas(ObjectNode kubernetesDefinitions, Map<String, JsonNode> strimziCrds) {
        this.kubernetesDefinitions = kubernetesDefinitions;
        this.strimziCrds = strimziCrds;
        kubernetesDefinitions.properties().forEach(e -> {
            JsonNode props = e.getValue().path("properties");
            String apiVersion = props.path("apiVersion").path("default").asText("");
            String kind = props.path("kind").path("default").asText("");
            if (!apiVersion.isEmpty() && !kind.isEmpty()) {
                kubernetesKinds.put(apiVersion + "/" + kind, e.getKey());
            }
        });
    }

    static synchronized Schemas get() {
        if (instance == null) {
            instance = new Schemas(kubernetesDefinitions(), strimziCrds());
        }
        return instance;
    }

    /** What a resource of this apiVersion and kind is validated against, or empty when no schema is known. */
    Optional<String> source(String apiVersion, String kind) {
        if (STRIMZI_KINDS.contains(kind) && apiVersion.startsWith("kafka.strimzi.io/")) {
            return Optional.of("Strimzi " + Kustomize.MODULE.resolve("target/strimzi/crds/" + kind + ".yaml").getFileName()
                    + " (CrdGenerator of io.strimzi:api)");
        }
        return Optional.ofNullable(kubernetesKinds.get(apiVersion + "/" + kind)).map(d -> "fabric8 definition " + d);
    }

    /** The schema's complaints about a rendered resource; empty when it is valid. */
    List<String> validate(Map<String, Object> resource) {
        String apiVersion = String.valueOf(resource.get("apiVersion"));
        String kind = String.valueOf(resource.get("kind"));
        Schema schema = compiled.computeIfAbsent(apiVersion + "/" + kind, k -> compile(apiVersion, kind));
        List<String> problems = new ArrayList<>();
        for (Error error : schema.validate(JSON.valueToTree(resource))) {
            problems.add(error.toString());
        }
        return problems;
    }

    /** The complaints of one Kubernetes API type's schema (a definition name of fabric8's) about a value. */
    List<String> validateAs(String definition, Object value) {
        Schema schema = compiled.computeIfAbsent("#" + definition, k -> {
            if (!kubernetesDefinitions.has(definition)) {
                return fail("no Kubernetes definition " + definition);
            }
            ObjectNode root = JSON.createObjectNode();
            root.put("$ref", "#/definitions/" + definition);
            root.set("definitions", kubernetesDefinitions);
            return REGISTRY.getSchema(root);
        });
        return schema.validate(JSON.valueToTree(value)).stream().map(Error::toString).toList();
    }

    private Schema compile(String apiVersion, String kind) {
        ObjectNode root;
        if (STRIMZI_KINDS.contains(kind)) {
            root = strimziSchema(apiVersion, kind);
        } else {
            String definition = kubernetesKinds.get(apiVersion + "/" + kind);
            if (definition == null) {
                return fail("no schema for " + apiVersion + " " + kind);
            }
            root = JSON.createObjectNode();
            root.put("$ref", "#/definitions/" + definition);
            root.set("definitions", kubernetesDefinitions);
        }
        return REGISTRY.getSchema(root);
    }

    private ObjectNode strimziSchema(String apiVersion, String kind) {
        JsonNode crd = strimziCrds.get(kind);
        String group = crd.path("spec").path("group").asText();
        for (JsonNode version : crd.path("spec").path("versions")) {
            if ((group + "/" + version.path("name").asText()).equals(apiVersion)) {
                if (!version.path("served").asBoolean()) {
                    return fail("Strimzi " + kind + " " + apiVersion + " is not served");
                }
                ObjectNode schema = version.path("schema").path("openAPIV3Schema").deepCopy();
                close(schema);
                return schema;
            }
        }
        return fail("Strimzi's " + kind + " CRD serves no " + apiVersion + ", only "
                + crd.path("spec").path("versions").findValuesAsText("name"));
    }

    // -- Kubernetes: fabric8's JSON schemas of the API types

    private static ObjectNode kubernetesDefinitions() {
        ObjectNode definitions = JSON.createObjectNode();
        Path dir = Kustomize.MODULE.resolve("target/kubernetes-schemas");
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().equals("validation-schema.json")).toList()) {
                JSON.readTree(file.toFile()).path("definitions").properties()
                        .forEach(e -> definitions.set(e.getKey(), e.getValue()));
            }
        } catch (IOException e) {
            return fail(dir + " is missing: the pom's dependency plugin unpacks it (generate-test-resources)", e);
        }
        definitions.properties().forEach(e -> asWireFormat(e.getKey(), (ObjectNode) e.getValue()));
        definitions.forEach(Schemas::close);
        return definitions;
    }

    /**
     * fabric8's schemas describe Java types: a quantity and an int-or-string appear as objects, and
     * required properties carry {@code "required": true}. Here they take the API's JSON forms.
     */
    private static void asWireFormat(String name, ObjectNode definition) {
        if (name.endsWith("_Quantity")) {
            definition.removeAll();
            definition.putArray("type").add("string").add("number");
        } else if (name.endsWith("_IntOrString")) {
            definition.removeAll();
            definition.putArray("type").add("string").add("integer");
        }
        requiredAsArrays(definition);
    }

    private static void requiredAsArrays(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.path("properties") instanceof ObjectNode props) {
                ArrayNode required = JSON.createArrayNode();
                props.properties().forEach(p -> {
                    if (p.getValue() instanceof ObjectNode prop && prop.path("required").isBoolean()) {
                        // apiVersion and kind: required of a resource, but not of an object embedded in
                        // one (a volumeClaimTemplate), and checked anyway by the choice of schema.
                        if (prop.remove("required").asBoolean() && !Set.of("apiVersion", "kind").contains(p.getKey())) {
                            required.add(p.getKey());
                        }
                    }
                });
                if (!required.isEmpty()) {
                    object.set("required", required);
                }
            }
            object.forEach(Schemas::requiredAsArrays);
        } else if (node.isArray()) {
            node.forEach(Schemas::requiredAsArrays);
        }
    }

    /** Every object schema with declared properties rejects the others, unless it keeps unknown fields. */
    private static void close(JsonNode node) {
        if (node instanceof ObjectNode object) {
            boolean keepsUnknown = object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
            if (object.has("properties") && !keepsUnknown
                    && (!object.has("additionalProperties") || object.get("additionalProperties").isBoolean())) {
                object.put("additionalProperties", false);
            }
            for (Iterator<JsonNode> it = object.elements(); it.hasNext(); ) {
                close(it.next());
            }
        } else if (node.isArray()) {
            node.forEach(Schemas::close);
        }
    }

    // -- Strimzi: its CRDs, made by its own generator from its API classes

    private static Map<String, JsonNode> strimziCrds() {
        Path dir = Kustomize.MODULE.resolve("target/strimzi");
        Path crds = dir.resolve("crds");
        Map<String, JsonNode> byKind = new ConcurrentHashMap<>();
        try {
            long apiJar = Files.getLastModifiedTime(dir.resolve("api.jar")).toMillis();
            boolean stale = STRIMZI_KINDS.stream().map(k -> crds.resolve(k + ".yaml"))
                    .anyMatch(f -> !Files.isRegularFile(f) || f.toFile().lastModified() < apiJar);
            if (stale) {
                generateStrimziCrds(dir, crds);
            }
            Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
            for (String kind : STRIMZI_KINDS) {
                Object crd = yaml.load(Files.readString(crds.resolve(kind + ".yaml"), StandardCharsets.UTF_8));
                byKind.put(kind, JSON.valueToTree(crd));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return byKind;
    }

    /** Runs io.strimzi.crdgenerator.CrdGenerator with the arguments of Strimzi's own build (api/pom.xml). */
    private static void generateStrimziCrds(Path dir, Path crds) throws IOException {
        Files.createDirectories(crds);
        List<String> command = new ArrayList<>(List.of(java21().toString(), "-cp",
                dir.resolve("crd-generator.jar") + java.io.File.pathSeparator + dir.resolve("api.jar"),
                "io.strimzi.crdgenerator.CrdGenerator", "--target-kube", "1.16+", "--crd-api-version", "v1",
                "--api-versions", "v1", "--storage-version", "v1", "--yaml"));
        STRIMZI_CLASSES.forEach((kind, type) -> command.add(type + "=" + crds.resolve(kind + ".yaml")));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                fail("Strimzi's CrdGenerator failed: " + command + "\n" + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Strimzi 1.2's classes are built for Java 21: this JVM when it is that recent, else a JDK 21 or
     * later beside it in /usr/lib/jvm (the machines have temurin-25), or $STRIMZI_JAVA_HOME.
     */
    private static Path java21() throws IOException {
        if (Runtime.version().feature() >= 21) {
            return Path.of(System.getProperty("java.home"), "bin", "java");
        }
        List<Path> candidates = new ArrayList<>();
        String home = System.getenv("STRIMZI_JAVA_HOME");
        if (home != null) {
            candidates.add(Path.of(home));
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> dirs = Files.list(jvms)) {
                dirs.sorted().forEach(candidates::add);
            }
        }
        for (Path candidate : candidates) {
            Path release = candidate.resolve("release");
            Path java = candidate.resolve("bin/java");
            if (Files.isRegularFile(release) && Files.isExecutable(java)) {
                var version = Files.readAllLines(release).stream().filter(l -> l.startsWith("JAVA_VERSION="))
                        .map(l -> l.replaceAll("[^0-9.]", "")).findFirst().orElse("0");
                if (Integer.parseInt(version.split("\\.")[0]) >= 21) {
                    return java;
                }
            }
        }
        return fail("Strimzi " + "1.2's CRD generator needs Java 21 or later: none in " + candidates
                + "; set STRIMZI_JAVA_HOME to one");
    }
}
