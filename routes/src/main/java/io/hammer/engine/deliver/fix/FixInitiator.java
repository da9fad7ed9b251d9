package io.hammer.engine.deliver.fix;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import quickfix.ConfigError;
import quickfix.DefaultMessageFactory;
import quickfix.SocketInitiator;

/**
 * The FIX initiator: QuickFIX/J's {@link SocketInitiator} (one thread for all sessions, as
 * camel-quickfix ran it) over {@link FixSettings}' sessions, handing what arrives to
 * {@link FixApplication}. {@link FixStartup} starts it where it belongs; Spring stops it at
 * shutdown, after Camel, logging each session out.
 */
@Component
public class FixInitiator implements SmartLifecycle {
    /**
     * Below Camel's phase (SpringCamelContext: {@code Integer.MAX_VALUE - 2049}), so FIX stops after
     * Camel (higher phases stop first). Camel's graceful shutdown lets the consume routes finish their
     * in-flight batches, and a FIX order finishes only when its ExecutionReport comes back through this
     * initiator: stopped first, it would leave those orders to end {@code unanswered} or be cut off
     * by Camel's shutdown timeout, their offsets uncommitted and the orders sent again by another
     * consumer. Keep the CamelContext out of this bean's constructor: Spring stops a bean's
     * dependents before the bean, whatever their phase.
     */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;
    private static final Logger log = LoggerFactory.getLogger(FixInitiator.class);

    private final FixSettings settings;
    private final FixApplication application;
    private final FixInbound inbound;
    private SocketInitiator initiator;

    public FixInitiator(FixSettings settings, FixApplication application, FixInbound inbound) {
        this.settings = settings;
        this.application = application;
        this.inbound = inbound;
    }

    @Override
    public synchronized void start() {
        if (initiator != null) {
            return;
        }
        try {
            SocketInitiator started = new SocketInitiator(application, settings.storeFactory(), settings.sessionSettings(),
                    settings.logFactory(), new DefaultMessageFactory());
            started.start();
            initiator = started;
            log.info("FIX initiator started for {}", settings.sessions());
        } catch (ConfigError e) {
            throw new IllegalStateException("cannot start the FIX initiator: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void stop() {
        if (initiator == null) {
            return;
        }
        initiator.stop();
        initiator = null;
        // The fix-report-counts route stopped with Camel: record the counts of the last reports.
        inbound.publish();
        log.info("FIX initiator stopped");
    }

    @Override
    public synchronized boolean isRunning() {
        return initiator != null;
    }

    /** FixStartup starts it, only where the consumer role and hammer.fix.enabled are on. */
    @Override
    public boolean isAutoStartup() {
        return false;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
