package io.hammer.engine;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * A real three-node Redis Cluster (no replicas) of Debian's {@code redis-server} on free local
 * ports, made with {@code redis-cli --cluster create}: what most managed Redis services are.
 * Without {@code redis-server} on the PATH the test using it is skipped, except in CI (environment
 * {@code CI} set), where it fails: {@code .ci/run} installs it.
 */
public final class TestRedisCluster implements AutoCloseable {
    private static final int NODES = 3;
    private final Path dir;
    private final List<Process> servers = new ArrayList<>();
    private final List<String> nodes = new ArrayList<>();
    private final LettuceConnectionFactory connections;

    public TestRedisCluster() throws IOException, InterruptedException {
        requireRedisServer();
        dir = Files.createTempDirectory("hammer-redis-cluster");
        try {
            for (int n = 0; n < NODES; n++) {
                int port = freePort();
                servers.add(new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                        "--cluster-enabled", "yes", "--cluster-config-file", "nodes-" + port + ".conf",
                        "--save", "", "--appendonly", "no", "--dir", dir.toString())
                        .redirectErrorStream(true).redirectOutput(dir.resolve("redis-" + port + ".log").toFile()).start());
                nodes.add("127.0.0.1:" + port);
            }
            for (String node : nodes) {
                await().atMost(Duration.ofSeconds(20)).until(() -> cli(node, "ping").contains("PONG"));
            }
            List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
            create.addAll(nodes);
            create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            String created = run(create);
            if (!created.contains("All 16384 slots covered")) {
                throw new IllegalStateException("redis-cli --cluster create failed:\n" + created);
            }
            for (String node : nodes) {
                await().atMost(Duration.ofSeconds(30)).until(() -> cli(node, "cluster", "info").contains("cluster_state:ok"));
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            stopServers();
            throw e;
        }
        connections = new LettuceConnectionFactory(new RedisClusterConfiguration(nodes));
        connections.afterPropertiesSet();
        connections.start();
    }

    /** {@code host:port,...}, as {@code spring.data.redis.cluster.nodes} takes it. */
    public String nodes() {
        return String.join(",", nodes);
    }

    public StringRedisTemplate template() {
        StringRedisTemplate template = new StringRedisTemplate(connections);
        template.afterPropertiesSet();
        return template;
    }

    /** The cluster node that serves {@code key}, as {@code host:port}. */
    public String nodeOf(String key) throws IOException, InterruptedException {
        String slot = cli(nodes.get(0), "cluster", "keyslot", key).trim();
        for (String line : cli(nodes.get(0), "cluster", "nodes").lines().toList()) {
            String[] fields = line.split(" ");
            for (int i = 8; i < fields.length; i++) {
                String[] range = fields[i].split("-");
                int from = Integer.parseInt(range[0]);
                int to = Integer.parseInt(range[range.length - 1]);
                int s = Integer.parseInt(slot);
                if (s >= from && s <= to) {
                    return fields[1].substring(0, fields[1].indexOf('@'));
                }
            }
        }
        throw new IllegalStateException("no node serves slot " + slot);
    }

    @Override
    public void close() {
        connections.destroy();
        stopServers();
    }

    private void stopServers() {
        servers.forEach(Process::destroy);
        for (Process server : servers) {
            try {
                server.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Skips the calling test when redis-server is missing, unless in CI, where that is a failure. */
    private static void requireRedisServer() {
        boolean found = System.getenv("PATH") != null && java.util.Arrays.stream(System.getenv("PATH").split(File.pathSeparator))
                .anyMatch(entry -> Files.isExecutable(Path.of(entry, "redis-server")) && Files.isExecutable(Path.of(entry, "redis-cli")));
        if (!found && System.getenv("CI") != null) {
            Assertions.fail("redis-server and redis-cli are needed for the Redis Cluster test in CI: apt-get install -y redis-server");
        }
        Assumptions.assumeTrue(found, "Redis Cluster test skipped: no redis-server/redis-cli on the PATH "
                + "(apt-get install -y redis-server; in CI, with CI set, this fails instead)");
    }

    private static String cli(String node, String... command) throws IOException, InterruptedException {
        int colon = node.indexOf(':');
        List<String> args = new ArrayList<>(List.of("redis-cli", "-h", node.substring(0, colon), "-p", node.substring(colon + 1)));
        args.addAll(List.of(command));
        return run(args);
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return out;
    }

    /** A free port whose cluster bus port (port + 10000) is free and valid too. */
    private static int freePort() {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0)) {
                int port = socket.getLocalPort();
                if (port + 10_000 <= 65_535) {
                    try (ServerSocket bus = new ServerSocket(port + 10_000)) {
                        return port;
                    } catch (IOException busTaken) {
                        // try another
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
