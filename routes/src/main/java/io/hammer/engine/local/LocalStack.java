package io.hammer.engine.local;

import io.hammer.anvil.AnvilApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import redis.embedded.RedisServer;

/**
 * Everything Hammer needs around it, in this JVM, on free local ports: a KRaft Kafka broker,
 * a Redis server (embedded-redis ships the binary), and Anvil as the target. Used by the demo and
 * the tests; never on Kubernetes.
 */
public final class LocalStack implements AutoCloseable {
    /**
     * Anvil shares this JVM's classpath with the engine; these would give it a Camel context, Redis
     * and Kafka clients of its own, and health checks on them.
     */
    private static final List<String> ENGINE_AUTO_CONFIGURATIONS = List.of(
            "org.apache.camel.spring.boot.CamelAutoConfiguration",
            "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
            "org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration",
            "org.springframework.boot.data.redis.autoconfigure.DataRedisRepositoriesAutoConfiguration",
            "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
            "org.springframework.boot.data.redis.autoconfigure.health.DataRedisHealthContributorAutoConfiguration",
            "org.springframework.boot.data.redis.autoconfigure.health.DataRedisReactiveHealthContributorAutoConfiguration");

    /**
     * KIP-848 groups' timeouts are the broker's: the same as the Kafka CR's (k8s/base/kafka/kafka.yaml), so that
     * a dead engine's partitions move after 10 s here too, not after Kafka's default 45 s.
     */
    private static final Map<String, String> FLEET_GROUP_TIMEOUTS = Map.of(
            "group.consumer.session.timeout.ms", "10000",
            "group.consumer.min.session.timeout.ms", "6000",
            "group.consumer.heartbeat.interval.ms", "1000",
            "group.consumer.min.heartbeat.interval.ms", "1000");

    /**
     * QuickFIX/J keeps one registry of sessions per JVM, initiators' and acceptors' alike, keyed by CompIDs:
     * two stacks in one JVM (the tests') must not share them, or each Anvil refuses the other's logons.
     */
    private static final AtomicInteger FIX_SESSIONS_IN_JVM = new AtomicInteger();
    private static final int FIX_SESSIONS = 2;

    private final EmbeddedKafkaBroker kafka;
    private final String kafkaBrokers;
    private final RedisServer redis;
    private final int redisPort;
    private final ConfigurableApplicationContext anvil;
    private final int anvilPort;
    private final int anvilFixPort;
    private final String anvilPassword;
    private final int firstFixSession = FIX_SESSIONS_IN_JVM.getAndAdd(FIX_SESSIONS) + 1;

    private LocalStack(EmbeddedKafkaBroker kafka, RedisServer redis, int redisPort,
                       ConfigurableApplicationContext anvil, int anvilFixPort, String anvilPassword) {
        this.kafka = kafka;
        this.kafkaBrokers = kafka.getBrokersAsString();
        this.redis = redis;
        this.redisPort = redisPort;
        this.anvil = anvil;
        this.anvilPort = Integer.parseInt(anvil.getEnvironment().getProperty("local.server.port"));
        this.anvilFixPort = anvilFixPort;
        this.anvilPassword = anvilPassword;
    }

    public static LocalStack start(Path anvilDataDir) throws IOException {
        return start(anvilDataDir, Map.of());
    }

    /** {@code kafkaBrokerProperties}: broker settings over the defaults, e.g. a SASL listener. */
    public static LocalStack start(Path anvilDataDir, Map<String, String> kafkaBrokerProperties) throws IOException {
        EmbeddedKafkaBroker kafka = startKafka(kafkaBrokerProperties);
        int redisPort = freePort();
        RedisServer redis = RedisServer.newRedisServer()
                .port(redisPort)
                .bind("127.0.0.1")
                .setting("save \"\"")
                .setting("appendonly no")
                .onShutdownForceStop(true)
                .build();
        redis.start();
        String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        int fixPort = freePort();
        ConfigurableApplicationContext anvil = AnvilApplication.builder().run(
                "--server.port=0",
                "--spring.autoconfigure.exclude=" + String.join(",", ENGINE_AUTO_CONFIGURATIONS),
                "--anvil.data-dir=" + anvilDataDir.toAbsolutePath(),
                "--spring.security.user.password=" + password,
                "--anvil.fix.port=" + fixPort);
        return new LocalStack(kafka, redis, redisPort, anvil, fixPort, password);
    }

    /** Settings that point the engine at this stack. */
    public Map<String, Object> engineProperties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("hammer.kafka.brokers", kafkaBrokers);
        properties.put("spring.data.redis.host", "127.0.0.1");
        properties.put("spring.data.redis.port", redisPort);
        properties.put("hammer.target.url", anvilUrl());
        properties.put("hammer.target.admin-url", anvilUrl());
        properties.put("hammer.target.admin-username", "admin");
        properties.put("hammer.target.admin-password", anvilPassword);
        // FIX runs go to Anvil's acceptor over two sessions, which the orders share round robin.
        // A list is bound from one property source as a whole, hence every field.
        properties.put("hammer.fix.enabled", "true");
        for (int i = 0; i < FIX_SESSIONS; i++) {
            String session = "hammer.fix.sessions[" + i + "].";
            properties.put(session + "sender-comp-id", "HAMMER-" + (firstFixSession + i));
            properties.put(session + "target-comp-id", "ANVIL");
            properties.put(session + "host", "127.0.0.1");
            properties.put(session + "port", anvilFixPort);
        }
        return properties;
    }

    /** The same as command-line arguments, which take precedence over application.yaml. */
    public String[] engineArguments() {
        return engineProperties().entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }

    public String anvilUrl() {
        return "http://127.0.0.1:" + anvilPort;
    }

    public int anvilFixPort() {
        return anvilFixPort;
    }

    public String anvilPassword() {
        return anvilPassword;
    }

    public String kafkaBrokers() {
        return kafkaBrokers;
    }

    public int redisPort() {
        return redisPort;
    }

    public ConfigurableApplicationContext anvil() {
        return anvil;
    }

    @Override
    public void close() throws IOException {
        anvil.close();
        redis.stop();
        kafka.destroy();
    }

    /**
     * spring-kafka-test publishes a started broker's address as the JVM-wide system properties
     * {@code spring.kafka.bootstrap-servers} and {@code spring.embedded.kafka.brokers}, which outrank
     * application.yaml: an engine started later in this JVM (a test's, or a local run's) would then reach
     * whichever broker started last instead of its own stack's. The properties are put back as they were;
     * each engine gets its broker from {@link #engineProperties()}.
     */
    private static EmbeddedKafkaBroker startKafka(Map<String, String> kafkaBrokerProperties) {
        List<String> published = List.of(EmbeddedKafkaBroker.SPRING_EMBEDDED_KAFKA_BROKERS, "spring.kafka.bootstrap-servers");
        Map<String, String> before = new LinkedHashMap<>();
        published.forEach(name -> before.put(name, System.getProperty(name)));
        EmbeddedKafkaBroker kafka = new EmbeddedKafkaKraftBroker(1, 6)
                .brokerProperty("auto.create.topics.enable", "false")
                .brokerProperties(FLEET_GROUP_TIMEOUTS)
                .brokerProperties(kafkaBrokerProperties)
                .brokerListProperty("spring.kafka.bootstrap-servers");
        try {
            kafka.afterPropertiesSet();
        } finally {
            before.forEach((name, value) -> {
                if (value == null) {
                    System.clearProperty(name);
                } else {
                    System.setProperty(name, value);
                }
            });
        }
        return kafka;
    }

    /** A port free on this machine now (for the stack's servers, and PulsarBroker's). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
