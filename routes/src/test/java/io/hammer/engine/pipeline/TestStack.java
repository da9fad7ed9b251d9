package io.hammer.engine.pipeline;

import io.hammer.engine.local.LocalStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

/** One local stack (Kafka, Redis, Anvil) for the whole test JVM, stopped when the JVM exits. */
public final class TestStack {
    private static LocalStack stack;

    private TestStack() {
    }

    public static synchronized LocalStack get() {
        if (stack == null) {
            stack = startUntilExit(Map.of());
        }
        return stack;
    }

    /** A stack whose broker has {@code kafkaBrokerProperties} over the defaults, stopped when the JVM exits. */
    static LocalStack startUntilExit(Map<String, String> kafkaBrokerProperties) {
        LocalStack started;
        try {
            started = LocalStack.start(Files.createTempDirectory("anvil-test"), kafkaBrokerProperties);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                started.close();
            } catch (Exception ignored) {
                // the JVM is going away either way
            }
        }));
        return started;
    }
}
