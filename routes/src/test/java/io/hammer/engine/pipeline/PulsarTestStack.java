package io.hammer.engine.pipeline;

import io.hammer.engine.local.LocalStack;
import io.hammer.engine.local.PulsarBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;
import redis.embedded.RedisServer;

/**
 * For the tests of hammer.queue=pulsar, once per test JVM and stopped when it exits: a real Pulsar
 * broker (a separate JVM, {@link PulsarBroker}) and a Redis of their own. Their own Redis, because
 * every engine claims the chunks of every active run it finds there: the Kafka engines other tests
 * leave running in this JVM would otherwise carry part of a Pulsar run. The target is the shared
 * stack's Anvil, which keeps each run's figures apart.
 */
final class PulsarTestStack {
    private static PulsarTestStack stack;

    final PulsarBroker broker;
    final int redisPort;

    private PulsarTestStack(PulsarBroker broker, int redisPort) {
        this.broker = broker;
        this.redisPort = redisPort;
    }

    static synchronized PulsarTestStack get() {
        if (stack == null) {
            stack = start();
        }
        return stack;
    }

    /**
     * The shared stack's settings (Anvil), with this broker and this Redis; without FIX: the Pulsar tests
     * run over HTTP, and QuickFIX/J's JVM-wide session registry would have this engine and the Kafka
     * tests' engine fight over the stack's CompIDs.
     */
    Map<String, Object> engineProperties() {
        Map<String, Object> properties = EngineSettings.withoutFix(TestStack.get().engineProperties());
        properties.put("hammer.queue", "pulsar");
        properties.put("hammer.pulsar.service-url", broker.serviceUrl());
        properties.put("spring.data.redis.port", redisPort);
        return properties;
    }

    private static PulsarTestStack start() {
        try {
            PulsarBroker broker = PulsarBroker.start(Files.createTempDirectory("pulsar-test"));
            int port = LocalStack.freePort();
            RedisServer redis = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                    .setting("save \"\"").setting("appendonly no").onShutdownForceStop(true).build();
            redis.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    redis.stop();
                    broker.close();
                } catch (Exception ignored) {
                    // the JVM is going away either way
                }
            }));
            return new PulsarTestStack(broker, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
