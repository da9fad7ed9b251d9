package io.hammer.console.jmx;

import java.util.Map;
import org.jolokia.server.core.http.AgentServlet;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Jolokia, the JMX-over-HTTP agent that hawtio and scripts use for Camel's route MBeans, at
 * {@code /actuator/jolokia} (operators only: the engine's api/SecurityConfiguration). Jolokia's own
 * Spring Boot support (jolokia-support-springboot3) and hawtio-springboot are built for Spring Boot 3
 * and fail on Boot 4 (they load classes Boot 4 moved), and no Boot 4 release of either is on this
 * project's Maven mirror; so the agent is Jolokia's standard servlet, registered here, and its settings
 * stay where they were: {@code management.endpoint.jolokia.config.*} (e.g. the access policy).
 */
@Configuration(proxyBeanMethods = false)
public class JolokiaConfiguration {
    static final String CONFIG = "management.endpoint.jolokia.config";

    @Bean
    ServletRegistrationBean<AgentServlet> jolokiaServlet(Environment environment) {
        ServletRegistrationBean<AgentServlet> registration =
                new ServletRegistrationBean<>(new AgentServlet(), "/actuator/jolokia", "/actuator/jolokia/*");
        registration.setName("jolokia");
        registration.setInitParameters(Map.of(
                // No stack traces or network discovery for a remote caller.
                "includeStackTrace", "false",
                "discoveryEnabled", "false"));
        Binder.get(environment).bind(CONFIG, Bindable.mapOf(String.class, String.class))
                .ifBound(config -> config.forEach(registration::addInitParameter));
        return registration;
    }
}
