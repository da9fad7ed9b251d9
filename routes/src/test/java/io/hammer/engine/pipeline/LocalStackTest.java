package io.hammer.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hammer.engine.local.LocalStack;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class LocalStackTest {
    /**
     * Several stacks share a test JVM (the SASL stack, a CLI run's own): a broker address left in a system
     * property outranks application.yaml, and an engine started afterwards joined the last broker started.
     */
    @Test
    void aStartedStackLeavesNoBrokerAddressInTheJvmsSystemProperties() throws Exception {
        String before = System.getProperty("spring.kafka.bootstrap-servers");
        try (LocalStack stack = LocalStack.start(Files.createTempDirectory("anvil-test"))) {
            assertThat(stack.kafkaBrokers()).isNotBlank();
            assertThat(System.getProperty("spring.kafka.bootstrap-servers")).isEqualTo(before);
            assertThat(System.getProperty("spring.embedded.kafka.brokers")).isNotEqualTo(stack.kafkaBrokers());
        }
    }
}
