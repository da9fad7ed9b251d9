package io.hammer.engine.deliver.fix;

import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Starts FIX delivery's inbound side, the initiator ({@link FixInitiator}) and the
 * {@code fix-report-counts} route (fix.yaml, {@code autoStartup: false}), once Camel has started,
 * only on an instance that both consumes and has {@code hammer.fix.enabled}: a producer or
 * generator must not log on with the consumers' CompIDs (a venue takes one logon per session, and
 * QuickFIX/J one session per id per JVM).
 */
@Component
public class FixStartup implements CamelContextConfiguration {
    static final String REPORT_COUNTS_ROUTE = "fix-report-counts";
    private final FixInitiator initiator;
    private final boolean start;

    public FixStartup(FixProperties fix, @Value("${hammer.role.consumer}") boolean consumer, FixInitiator initiator) {
        this.initiator = initiator;
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
        initiator.start();
        try {
            camel.getRouteController().startRoute(REPORT_COUNTS_ROUTE);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the " + REPORT_COUNTS_ROUTE + " route: " + e.getMessage(), e);
        }
    }
}
