package io.hammer.console;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.ComponentScan;

/**
 * The console joins the engine by auto-configuration: the engine's main class
 * (io.hammer.engine.HammerApplication) scans only io.hammer.engine and knows nothing of the console,
 * so any application that has this jar on its classpath (the assembled hammer.jar, the demo, the
 * tests) gets the portal beside the engine, and the engine's own tests run without it. Inside, the console's beans
 * (pages, live figures, worker control) are found by scanning io.hammer.console.
 */
@AutoConfiguration
@ConditionalOnWebApplication
// Set by the engine's application.yaml: Anvil, started in the same JVM by local mode, shares the
// classpath but not that file, and gets no console.
@ConditionalOnProperty(name = "hammer.console.enabled", havingValue = "true")
@EnableConfigurationProperties(ConsoleProperties.class)
@ComponentScan("io.hammer.console")
public class ConsoleAutoConfiguration {
}
