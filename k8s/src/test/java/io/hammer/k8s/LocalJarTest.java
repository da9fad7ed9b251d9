package io.hammer.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * local/target/hammer.jar (what ./hammer and bench/run.sh run) carries the engine this build made. The
 * local module has no classes of its own, so without a forced jar an incremental build kept the last
 * repackaged jar and the demo and the bench ran hours-old code.
 */
class LocalJarTest {
    private static final Path LOCAL_JAR = Kustomize.REPO.resolve("local/target/hammer.jar");

    @Test
    void theLocalJarCarriesTheRoutesJarOfThisBuild() throws Exception {
        Path routesJar;
        try (Stream<Path> built = Files.list(Kustomize.REPO.resolve("routes/target"))) {
            // The plain jar, not the -exec or -tests ones.
            routesJar = built.filter(p -> p.getFileName().toString().matches("hammer-routes-[0-9][^-]*(-SNAPSHOT)?\\.jar"))
                    .findFirst().orElseThrow();
        }
        try (JarFile jar = new JarFile(LOCAL_JAR.toFile())) {
            var entry = jar.getJarEntry("BOOT-INF/lib/" + routesJar.getFileName());
            assertThat(entry).as("the engine's routes in %s", LOCAL_JAR).isNotNull();
            try (InputStream in = jar.getInputStream(entry)) {
                assertThat(in.readAllBytes()).as("%s inside %s", routesJar.getFileName(), LOCAL_JAR)
                        .isEqualTo(Files.readAllBytes(routesJar));
            }
        }
    }
}
