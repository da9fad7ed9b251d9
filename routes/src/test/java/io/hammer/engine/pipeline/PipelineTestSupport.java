package io.hammer.engine.pipeline;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The engine with every role against real Kafka, Redis and Anvil (over HTTP): the shared stack. Tests
 * share one stack and one engine; each uses its own run id and reads the figures of that run only.
 */
public abstract class PipelineTestSupport extends EngineTestSupport {

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        STACK.engineProperties().forEach((key, value) -> registry.add(key, () -> value));
        commonSettings(registry);
    }
}
