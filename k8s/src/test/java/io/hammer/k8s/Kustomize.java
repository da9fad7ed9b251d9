package io.hammer.k8s;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Renders kustomizations with {@code kubectl kustomize}, as {@code kubectl apply -k} would, from a
 * copy of {@code k8s/} and {@code openshift/} under target/: the copy gets a credentials.env with
 * throw-away values (the dev overlay's secretGenerator reads it), and tests may edit it.
 */
final class Kustomize {
    /** The values written to the copy's credentials.env, by key. */
    static final Map<String, String> TEST_CREDENTIALS = new LinkedHashMap<>();

    static {
        for (String key : List.of("hammer-password", "viewer-password", "redis-password", "anvil-admin-password")) {
            TEST_CREDENTIALS.put(key, "test-" + key + "-" + UUID.randomUUID());
        }
    }

    static final Path MODULE = Path.of("").toAbsolutePath();
    static final Path REPO = MODULE.getParent();
    private static Path tree;

    private Kustomize() {
    }

    /** The copy of the repository's k8s/ and openshift/ folders, made once per test JVM. */
    static synchronized Path tree() {
        if (tree == null) {
            tree = freshTree("kustomize-tree");
        }
        return tree;
    }

    /** A new copy that a test may change. */
    static Path freshTree(String name) {
        Path root = MODULE.resolve("target").resolve(name);
        try {
            deleteRecursively(root);
            copy(REPO.resolve("k8s"), root.resolve("k8s"));
            copy(REPO.resolve("openshift"), root.resolve("openshift"));
            StringBuilder env = new StringBuilder();
            TEST_CREDENTIALS.forEach((k, v) -> env.append(k).append('=').append(v).append('\n'));
            Files.writeString(root.resolve("k8s/components/credentials/credentials.env"), env);
        } catch (IOException e) {
            throw new IllegalStateException("cannot copy the kustomizations to " + root, e);
        }
        return root;
    }

    /** {@code kubectl kustomize} of a folder of the shared copy, e.g. "k8s/overlays/dev" or "openshift". */
    static Manifests build(String dir) {
        return build(tree().resolve(dir));
    }

    static Manifests build(Path dir) {
        String yaml = render(dir);
        List<Map<String, Object>> docs = new ArrayList<>();
        Yaml parser = new Yaml(new SafeConstructor(new LoaderOptions()));
        for (Object doc : parser.loadAll(yaml)) {
            if (doc != null) {
                @SuppressWarnings("unchecked")
                Map<String, Object> map = (Map<String, Object>) doc;
                docs.add(map);
            }
        }
        return new Manifests(dir.toString(), yaml, docs);
    }

    /**
     * An overlay rendered with optional components added under its {@code components:}, as the
     * README tells users to, in a copy of its own.
     */
    static Manifests withComponents(String overlay, String... components) {
        Path root = freshTree("kustomize-" + overlay.replace('/', '-') + "-" + String.join("-", components).replace('/', '-'));
        Path kustomization = root.resolve(overlay).resolve("kustomization.yaml");
        try {
            String text = Files.readString(kustomization);
            StringBuilder entries = new StringBuilder();
            for (String component : components) {
                entries.append("  - ").append(root.resolve(overlay).relativize(root.resolve("k8s/components").resolve(component)))
                        .append('\n');
            }
            text = text.contains("\ncomponents:\n") ? text.replace("\ncomponents:\n", "\ncomponents:\n" + entries)
                    : text + "\ncomponents:\n" + entries;
            Files.writeString(kustomization, text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return build(root.resolve(overlay));
    }

    static String render(Path dir) {
        List<String> command = List.of("kubectl", "kustomize", dir.toString());
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(false).start();
        } catch (IOException e) {
            return fail("kubectl is not on the PATH (" + e.getMessage() + "). The manifest tests need it: "
                    + "apt-get install kubectl (.ci/run installs it).");
        }
        try {
            process.getOutputStream().close();
            var out = process.getInputStream().readAllBytes();
            var err = process.getErrorStream().readAllBytes();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return fail("kubectl kustomize " + dir + " did not finish in 2 minutes");
            }
            if (process.exitValue() != 0) {
                return fail("kubectl kustomize " + dir + " failed (exit " + process.exitValue() + "):\n"
                        + new String(err, StandardCharsets.UTF_8));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path rel = from.relativize(path);
                // This module's own build output and sources are not manifests; a developer's real
                // credentials.env is not copied.
                if (rel.startsWith("target") || rel.startsWith("src") || rel.endsWith("credentials.env")) {
                    continue;
                }
                Path dest = to.resolve(rel.toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(path, dest, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(path);
            }
        }
    }
}
