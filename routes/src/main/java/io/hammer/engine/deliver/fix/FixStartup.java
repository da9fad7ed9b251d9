package io.hammer.engine.deliver.fix;

import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Starts the FIX routes (fix.yaml, {@code autoStartup: false}) only on an instance that both
 * consumes and has {@code hammer.fix.enabled}: a producer or generator must not log on with the
 * consumers' CompIDs (a venue takes one logon per session, and QuickFIX/J one session per id per JVM).
 */
@Component
public class FixStartup implements CamelContextConfiguration {
    static final String[] ROUTES = {"fix-inbound", "fix-report-counts"};
    private final boolean start;

    public FixStartup(FixProperties fix, @Value("${hammer.role.consumer}") boolean consumer) {
        this.start = fix.enabled() && consumer;
    }

    @Override
    public void beforeApplicationStart(CamelContext camel) {
    }

    @Override
    public void afterApplicationStart(CamelContext camel) {
        if (!start) {
            return;
        }
        try {
            for (String route : ROUTES) {
                camel.getRouteController().startRoute(route);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the FIX routes: " + e.getMessage(), e);
        }
    }
}
