package io.hammer.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine jar (what the image runs) is lean, so a class of its own can refer to one left out, and
 * the engine then fails at start only: the sign-in throttle once lived in Anvil's module, which the
 * jar does not carry. Every Hammer class in it, but local mode's, must resolve its methods and fields
 * against the jar's own libraries.
 */
class EngineJarTest {
    private static final Path ENGINE_JAR = Kustomize.REPO.resolve("ops-console/target/hammer-engine.jar");

    @Test
    void everyHammerClassInTheEngineJarResolvesAgainstItsOwnLibraries(@TempDir Path unpacked) throws Exception {
        Path classes = Files.createDirectories(unpacked.resolve("classes"));
        List<URL> classpath = new ArrayList<>(List.of(classes.toUri().toURL()));
        List<String> hammerClasses = new ArrayList<>();
        try (JarFile jar = new JarFile(ENGINE_JAR.toFile())) {
            for (JarEntry entry : jar.stream().toList()) {
                String name = entry.getName();
                if (name.startsWith("BOOT-INF/classes/") && name.endsWith(".class")) {
                    // The console's own classes.
                    Path file = classes.resolve(name.substring("BOOT-INF/classes/".length()));
                    Files.createDirectories(file.getParent());
                    try (InputStream in = jar.getInputStream(entry)) {
                        Files.copy(in, file);
                    }
                    hammerClasses.add(name.substring("BOOT-INF/classes/".length(), name.length() - ".class".length()).replace('/', '.'));
                } else if (name.startsWith("BOOT-INF/lib/") && entry.getName().endsWith(".jar")) {
                    Path lib = unpacked.resolve(entry.getName().substring("BOOT-INF/lib/".length()));
                    try (InputStream in = jar.getInputStream(entry)) {
                        Files.copy(in, lib);
                    }
                    classpath.add(lib.toUri().toURL());
                    if (lib.getFileName().toString().startsWith("hammer-")) {
                        hammerClasses.addAll(classNames(lib));
                    }
                }
            }
        }
        assertThat(hammerClasses).as("Hammer's classes in %s", ENGINE_JAR).isNotEmpty();
        List<String> unresolved = new ArrayList<>();
        try (URLClassLoader loader = new URLClassLoader(classpath.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            for (String name : hammerClasses) {
                try {
                    Class<?> type = Class.forName(name, false, loader);
                    type.getDeclaredMethods();
                    type.getDeclaredFields();
                    type.getDeclaredConstructors();
                } catch (LinkageError | ClassNotFoundException e) {
                    unresolved.add(name + ": " + e);
                }
            }
        }
        assertThat(unresolved).as("classes that refer to what the engine jar lacks").isEmpty();
    }

    /** The classes of a jar, without local mode (io.hammer.engine.local, which runs from local/target/hammer.jar). */
    private static List<String> classNames(Path jar) throws IOException {
        List<String> names = new ArrayList<>();
        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar))) {
            for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                String name = entry.getName();
                if (name.endsWith(".class") && !name.contains("module-info") && !name.startsWith("io/hammer/engine/local/")) {
                    names.add(name.replace('/', '.').substring(0, name.length() - ".class".length()));
                }
            }
        }
        return names;
    }
}
