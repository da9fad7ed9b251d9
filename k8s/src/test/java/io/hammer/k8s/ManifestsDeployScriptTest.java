package io.hammer.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * deploy/deploy.sh against a stub kubectl (src/test/resources/stub-kubectl.sh) that renders with the
 * real kubectl and plays a cluster: what the script applies, scales, explains and deletes.
 */
class ManifestsDeployScriptTest {
    private Path tree;
    private Path state;

    @BeforeEach
    void repositoryCopyWithAStubKubectl() throws IOException {
        tree = Kustomize.freshTree("deploy-script");
        Files.createDirectories(tree.resolve("deploy"));
        Files.copy(Kustomize.REPO.resolve("deploy/deploy.sh"), tree.resolve("deploy/deploy.sh"));
        // health.sh has its own checks; here it only has to be called.
        executable(tree.resolve("deploy/health.sh"), "#!/usr/bin/env bash\necho HEALTH-CHECKED\n");
        state = Files.createDirectories(tree.resolve("stub-state"));
        Path bin = Files.createDirectories(tree.resolve("stub-bin"));
        Files.copy(Kustomize.MODULE.resolve("src/test/resources/stub-kubectl.sh"), bin.resolve("kubectl"));
        bin.resolve("kubectl").toFile().setExecutable(true);
        Files.writeString(state.resolve("existing"), "deployment.apps/anvil\ndeployment.apps/console\ndeployment.apps/producer\n");
    }

    @Test
    void aNewDeploymentGetsItsFirstCountAndReplacedConfigMapsGoOnceTheRolloutIsReady() throws Exception {
        String currentConfig = Kustomize.build(tree.resolve("k8s/overlays/prod")).ofKind("ConfigMap").stream()
                .map(Manifests::name).filter(n -> n.startsWith("hammer-config-")).findFirst().orElseThrow();
        Files.writeString(state.resolve("hashed"), "configmap/hammer-config-0ld0ld0ld0\nconfigmap/" + currentConfig
                + "\nsecret/hammer-credentials-0ld0ld0ld0\n");
        Result result = deploy("prod", "--registry", "registry.test:5000/team", "--tag", "1.2.3");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).contains("HEALTH-CHECKED");
        List<String> calls = Files.readAllLines(state.resolve("calls"));
        // consumer is new (6 in prod's first-replicas); producer existed, so its count stays its own.
        assertThat(calls).contains("-n hammer scale deployment.apps/consumer --replicas=6")
                .noneMatch(c -> c.contains("scale deployment.apps/producer"));
        assertThat(calls).contains("-n hammer delete configmap/hammer-config-0ld0ld0ld0 --ignore-not-found",
                        "-n hammer delete secret/hammer-credentials-0ld0ld0ld0 --ignore-not-found")
                .noneMatch(c -> c.contains("delete configmap/" + currentConfig));
        // Deletion only after every wait.
        assertThat(indexOf(calls, "delete configmap/hammer-config-0ld")).isGreaterThan(indexOf(calls, "rollout status deployment/consumer"));
        String applied = Files.readString(state.resolve("applied.yaml"));
        assertThat(applied).contains("image: registry.test:5000/team/hammer/engine:1.2.3",
                "image: registry.test:5000/team/hammer/anvil:1.2.3").doesNotContain("registry.example.com");
    }

    @Test
    void whatDoesNotBecomeReadyIsDescribedWithEventsAndLogsAndNothingIsDeleted() throws Exception {
        Files.writeString(state.resolve("hashed"), "configmap/hammer-config-0ld0ld0ld0\n");
        Files.writeString(state.resolve("fail"), "deployment/consumer");
        Result result = deploy("prod");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("deployment/consumer did not become ready",
                "Name: deployment/consumer (described by the stub)", "Back-off restarting failed container",
                "pod consumer-7d9f-abcde (not ready)", "UnknownHostException: redis",
                "deploy failed: deployment/consumer is not ready");
        List<String> calls = Files.readAllLines(state.resolve("calls"));
        assertThat(calls).noneMatch(c -> c.contains(" delete "));
        assertThat(result.out()).doesNotContain("HEALTH-CHECKED");
    }

    @Test
    void anOperatorOlderThanStrimzi1IsRefusedBeforeAnythingIsApplied() throws Exception {
        Files.writeString(state.resolve("strimzi"), "v1beta2\n");
        Result result = deploy("dev");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("serves kafka.strimzi.io v1beta2, not v1", "Strimzi 1.2");
        assertThat(Files.readAllLines(state.resolve("calls"))).noneMatch(c -> c.startsWith("apply"));
    }

    private record Result(int exit, String out, String err) {
    }

    private Result deploy(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", tree.resolve("deploy/deploy.sh").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(tree.toFile());
        Map<String, String> env = builder.environment();
        env.put("REAL_KUBECTL", realKubectl());
        env.put("STUB_STATE", state.toString());
        env.put("PATH", tree.resolve("stub-bin") + ":" + env.get("PATH"));
        builder.redirectOutput(tree.resolve("out.txt").toFile()).redirectError(tree.resolve("err.txt").toFile());
        Process process = builder.start();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("deploy.sh finished").isTrue();
        return new Result(process.exitValue(), Files.readString(tree.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(tree.resolve("err.txt"), StandardCharsets.UTF_8));
    }

    private static String realKubectl() throws IOException, InterruptedException {
        Process which = new ProcessBuilder("sh", "-c", "command -v kubectl").start();
        String path = new String(which.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(which.waitFor()).as("kubectl on the PATH").isZero();
        return path;
    }

    private static int indexOf(List<String> calls, String part) {
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i).contains(part)) {
                return i;
            }
        }
        throw new AssertionError("no call with " + part + " in " + calls);
    }

    private static void executable(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
