package io.hammer.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The images Jib wrote in the package phase (target/jib-image.tar, a docker-load tarball on the
 * `scratch` base, see the parent pom): what the real image on eclipse-temurin gets on top of its
 * base, checked without a registry. The base itself (its JRE) is not in these tarballs.
 */
class ImageTarballTest {

    @ParameterizedTest
    @CsvSource({
            // The engine's image is assembled by ops-console: the engine (its main class and application.yaml)
            // is the hammer-routes jar of its classpath, the console's own classes and resources beside it.
            // It carries no local-mode infrastructure (embedded Kafka broker, embedded Redis, Anvil) and no test library.
            "ops-console, hammer/engine, io.hammer.engine.HammerApplication, hammer-routes, io.hammer.console.ConsoleAutoConfiguration, jolokia-access.xml, k8s/base, producer, engine, camel-kafka- vertx-web-client- quickfixj-core- kubernetes-client- jolokia-server-core-, hawtio-springboot- spring-kafka-test- embedded-redis- hammer-anvil- kafka_2.13- kafka-server- junit- assertj- mockito- spring-test-",
            "sink,        hammer/anvil,  io.hammer.anvil.AnvilApplication,    ,              io.hammer.anvil.AnvilApplication,          anvil.yaml,         k8s/base, anvil,    anvil,  quickfixj-core-, spring-kafka-test- junit- assertj- spring-test-"})
    void imageRunsTheAppAsANonRootUserWithContainerJvmFlags(String module, String repository, String mainClass,
                                                            String mainJar, String ownClass, String configFile,
                                                            String build, String deployment, String containerName,
                                                            String libraries, String absentLibraries) throws IOException {
        Path tarball = Kustomize.REPO.resolve(module).resolve("target/jib-image.tar");
        if (!Files.isRegularFile(tarball)) {
            fail(tarball + " is missing: Jib writes it in " + module + "'s package phase (./mvnw -pl k8s -am verify)");
        }
        Map<String, byte[]> files = new HashMap<>();
        Set<String> paths = new HashSet<>();
        readImage(tarball, files, paths);
        JsonNode manifest = new ObjectMapper().readTree(files.get("manifest.json")).get(0);
        JsonNode config = new ObjectMapper().readTree(files.get(manifest.get("Config").asText())).get("config");

        // The tag the manifests deploy.
        String tag = manifest.get("RepoTags").get(0).asText();
        assertThat(tag).startsWith(repository + ":");
        Manifests k8s = Kustomize.build(build);
        Map<String, Object> container = Manifests.container(k8s.get("Deployment", deployment), containerName);
        assertThat(container.get("image")).isEqualTo(tag);

        // A numeric, non-root user, so that runAsNonRoot can verify it.
        String user = config.get("User").asText();
        assertThat(user).matches("\\d+(:\\d+)?");
        assertThat(Integer.parseInt(user.split(":")[0])).isPositive();

        List<String> entrypoint = new ArrayList<>();
        config.get("Entrypoint").forEach(e -> entrypoint.add(e.asText()));
        assertThat(entrypoint.get(0)).isEqualTo("java");
        assertThat(entrypoint).contains("-XX:MaxRAMPercentage=75.0", "-XX:+ExitOnOutOfMemoryError")
                .containsSequence("-cp", "@/app/jib-classpath-file")
                .endsWith(mainClass);
        assertThat(entrypoint).noneMatch(a -> a.startsWith("-Xmx")).as("heap follows the memory limit, not a fixed size");
        if (mainClass.equals("io.hammer.engine.HammerApplication") && container.get("args") == null) {
            // Without arguments the engine's executable prints its help: the image names the command.
            assertThat(config.get("Cmd")).as("the engine image's default arguments").isNotNull();
            assertThat(config.get("Cmd").get(0).asText()).isEqualTo("engine");
        }

        // Every port the Deployment declares is one the image exposes.
        Set<String> exposed = new HashSet<>();
        config.get("ExposedPorts").fieldNames().forEachRemaining(exposed::add);
        for (Map<String, Object> port : Manifests.list(container, "ports")) {
            assertThat(exposed).contains(port.get("containerPort") + "/tcp");
        }

        // The layers hold the classes, the resources and every jar of the classpath file.
        assertThat(paths).contains("app/classes/" + ownClass.replace('.', '/') + ".class",
                "app/resources/" + configFile, "app/jib-classpath-file");
        String classpath = new String(files.get("app/jib-classpath-file"), StandardCharsets.UTF_8).trim();
        List<String> jars = List.of(classpath.split(":"));
        assertThat(jars).contains("/app/classes", "/app/resources").anyMatch(j -> j.contains("spring-boot-"));
        if (mainJar != null) {
            assertThat(jars).as("the jar of the main class").anyMatch(j -> j.contains("/" + mainJar + "-"));
        }
        // The libraries every role needs are at runtime scope: a module that declares one of them with test
        // scope drops it from the image.
        for (String library : libraries.split(" ")) {
            assertThat(jars).as("a %s jar on the classpath", library).anyMatch(j -> j.contains("/" + library));
        }
        // Local mode's infrastructure and test libraries stay out (they belong to local/target/hammer.jar and the tests).
        for (String library : absentLibraries.split(" ")) {
            assertThat(jars).as("no %s jar on the classpath", library).noneMatch(j -> j.contains("/" + library));
        }
        for (String entry : jars) {
            String path = entry.substring(1);
            assertThat(paths.contains(path) || paths.contains(path + "/")).as("%s in the layers", entry).isTrue();
        }
    }

    /**
     * Reads the docker-load tarball: its small files (manifest, config) into files, and, for each layer
     * (tar.gz), every path into paths and its small text files into files.
     */
    private static void readImage(Path tarball, Map<String, byte[]> files, Set<String> paths) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(tarball))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.getName().endsWith(".tar.gz")) {
                    TarArchiveInputStream layer = new TarArchiveInputStream(new GZIPInputStream(tar));
                    TarArchiveEntry file;
                    while ((file = layer.getNextEntry()) != null) {
                        paths.add(file.getName());
                        if (file.getName().startsWith("app/jib-")) {
                            files.put(file.getName(), layer.readAllBytes());
                        }
                    }
                } else if (!entry.isDirectory()) {
                    files.put(entry.getName(), tar.readAllBytes());
                }
            }
        }
    }
}
