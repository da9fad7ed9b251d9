package io.hammer.engine.pipeline;

import io.hammer.engine.local.LocalStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** One local stack (Kafka, Redis, Anvil) for the whole test JVM, stopped when the JVM exits. */
public final class TestStack {
    private static LocalStack stack;

    private TestStack() {
    }

    public static synchronized LocalStack get() {
        if (stack == null) {
            try {
                stack = LocalStack.start(Files.createTempDirectory("anvil-test"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            LocalStack started = stack;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (Exception ignored) {
                    // the JVM is going away either way
                }
            }));
        }
        return stack;
    }
}
