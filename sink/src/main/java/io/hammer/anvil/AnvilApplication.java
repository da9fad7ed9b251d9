package io.hammer.anvil;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Anvil, the order target for Hammer's tests and demos: {@code POST /orders} appends each order to
 * a journal on disk; {@code /admin} (basic auth) shows what arrived.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class AnvilApplication {

    public static void main(String[] args) {
        builder().run(args);
    }

    /**
     * Anvil reads {@code anvil.yaml}, not {@code application.yaml}: the engine starts Anvil in its
     * own JVM in local mode, where the engine's application.yaml is on the same classpath.
     */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(AnvilApplication.class).properties("spring.config.name=anvil");
    }
}
