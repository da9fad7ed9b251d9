package io.hammer.engine.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Pulsar broker for the tests, the local bench and the kill drill: Apache Pulsar's standalone
 * (broker, one bookie and a RocksDB metadata store in one JVM), started as a separate process from the
 * classpath the {@code pulsar-standalone} module's build lists, on free local ports, with its data in
 * a directory of its own. A separate JVM because the broker is built for Netty 4.1 and dependency
 * versions of its own, which Spring Boot's would replace, and because it must outlive the engines the
 * crash tests kill. Never on Kubernetes (there, Apache Pulsar's Helm chart; README "Pulsar").
 */
public final class PulsarBroker implements AutoCloseable {
    /** Where the classpath file is, when not given: the pulsar-standalone module of this source tree. */
    public static final String CLASSPATH_PROPERTY = "hammer.pulsar.standalone-classpath";
    private static final Path CLASSPATH_FILE = Path.of("pulsar-standalone", "target", "pulsar-classpath.txt");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Process process;
    private final Path dataDir;
    private final int brokerPort;
    private final int webPort;

    private PulsarBroker(Process process, Path dataDir, int brokerPort, int webPort) {
        this.process = process;
        this.dataDir = dataDir;
        this.brokerPort = brokerPort;
        this.webPort = webPort;
    }

    /** Starts a broker with its data in {@code dataDir} and waits until it serves its admin API. */
    public static PulsarBroker start(Path dataDir) throws IOException, InterruptedException {
        Files.createDirectories(dataDir);
        int brokerPort = LocalStack.freePort();
        int webPort = LocalStack.freePort();
        int bookiePort = LocalStack.freePort();
        Path config = dataDir.resolve("standalone.conf");
        Files.writeString(config, String.join("\n",
                "clusterName=standalone",
                "bindAddress=127.0.0.1",
                "advertisedAddress=127.0.0.1",
                "brokerServicePort=" + brokerPort,
                "webServicePort=" + webPort,
                "managedLedgerDefaultEnsembleSize=1",
                "managedLedgerDefaultWriteQuorum=1",
                "managedLedgerDefaultAckQuorum=1",
                "managedLedgerCacheSizeMB=32",
                "functionsWorkerEnabled=false",
                "transactionCoordinatorEnabled=false",
                "brokerDeleteInactiveTopicsEnabled=false",
                "allowAutoTopicCreationType=non-partitioned",
                // Publish times are what a replay by time reads: keep messages after they were acknowledged.
                "defaultRetentionTimeInMinutes=-1",
                "defaultRetentionSizeInMB=-1",
                "") + "\n");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:MaxDirectMemorySize=256m", "-XX:+UseSerialGC",
                "-cp", Files.readString(classpathFile()).trim(),
                "org.apache.pulsar.PulsarStandaloneStarter",
                "--config", config.toString(),
                "--no-functions-worker", "--no-stream-storage",
                "--bookkeeper-port", Integer.toString(bookiePort),
                "--bookkeeper-dir", dataDir.resolve("bookkeeper").toString(),
                "--metadata-dir", dataDir.resolve("metadata").toString()));
        Process process = new ProcessBuilder(command)
                .directory(dataDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("broker.log").toFile())
                .start();
        PulsarBroker broker = new PulsarBroker(process, dataDir, brokerPort, webPort);
        try {
            broker.awaitReady();
        } catch (IOException | InterruptedException | RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    public String serviceUrl() {
        return "pulsar://127.0.0.1:" + brokerPort;
    }

    public String adminUrl() {
        return "http://127.0.0.1:" + webPort;
    }

    /** Settings that point an engine at this broker. */
    public List<String> engineArguments() {
        return List.of("--hammer.queue=pulsar", "--hammer.pulsar.service-url=" + serviceUrl());
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private void awaitReady() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(adminUrl() + "/admin/v2/namespaces/public"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Pulsar broker exited with " + process.exitValue() + "; see "
                        + dataDir.resolve("broker.log"));
            }
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                // Ready once the standalone made its public/default namespace.
                if (response.statusCode() == 200 && response.body().contains("public/default")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        throw new IllegalStateException("the Pulsar broker did not start within " + START_TIMEOUT.toSeconds() + " s; see "
                + dataDir.resolve("broker.log"));
    }

    private static Path classpathFile() {
        String given = System.getProperty(CLASSPATH_PROPERTY);
        if (given != null) {
            return Path.of(given);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(CLASSPATH_FILE))) {
                return dir.resolve(CLASSPATH_FILE);
            }
        }
        throw new IllegalStateException("no " + CLASSPATH_FILE + " here or above: build the pulsar-standalone module "
                + "(./mvnw -pl pulsar-standalone generate-resources) or set -D" + CLASSPATH_PROPERTY);
    }
}
