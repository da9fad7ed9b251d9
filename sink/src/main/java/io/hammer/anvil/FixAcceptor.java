package io.hammer.anvil;

import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import quickfix.ConfigError;
import quickfix.DefaultMessageFactory;
import quickfix.LogFactory;
import quickfix.MemoryStoreFactory;
import quickfix.MessageFactory;
import quickfix.MessageStoreFactory;
import quickfix.SLF4JLogFactory;
import quickfix.SessionID;
import quickfix.SessionSettings;
import quickfix.ThreadedSocketAcceptor;
import quickfix.mina.acceptor.DynamicAcceptorSessionProvider;

/**
 * Anvil's FIX 4.4 acceptor on {@code anvil.fix.port} (none when the port is empty). Any initiator
 * CompID may log on, each with a session of its own (a session template), so that one engine can
 * spread its orders over several sessions. Sequence numbers start again at every logon and nothing
 * is kept for resends: Anvil is a test target, and Hammer sends again what a dropped session left
 * unanswered.
 */
@Component
public class FixAcceptor implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(FixAcceptor.class);

    private final AnvilProperties.Fix fix;
    private final String bindAddress;
    private final FixOrderDesk desk;
    private volatile ThreadedSocketAcceptor acceptor;

    public FixAcceptor(AnvilProperties properties, FixOrderDesk desk) {
        this.fix = properties.fix();
        this.bindAddress = properties.bindAddress();
        this.desk = desk;
    }

    @Override
    public synchronized void start() {
        if (fix == null || fix.port() == null || acceptor != null) {
            return;
        }
        try {
            SessionSettings settings = settings();
            SessionID template = new SessionID("FIX.4.4", fix.senderCompId(), DynamicAcceptorSessionProvider.WILDCARD);
            MessageStoreFactory store = new MemoryStoreFactory();
            LogFactory logs = new SLF4JLogFactory(settings);
            MessageFactory messages = new DefaultMessageFactory();
            ThreadedSocketAcceptor started = new ThreadedSocketAcceptor(desk, store, settings, logs, messages);
            started.setSessionProvider(bindAddress == null || bindAddress.isBlank()
                            ? new InetSocketAddress(fix.port()) : new InetSocketAddress(bindAddress, fix.port()),
                    new DynamicAcceptorSessionProvider(settings, template, desk, store, logs, messages));
            started.start();
            acceptor = started;
            log.info("Anvil FIX 4.4 acceptor on {}:{} as {}", bindAddress, fix.port(), fix.senderCompId());
        } catch (ConfigError e) {
            throw new IllegalStateException("cannot start the FIX acceptor: " + e.getMessage(), e);
        }
    }

    /** Logs every session out and closes the port (tests use it to drop the target mid-run). */
    @Override
    public synchronized void stop() {
        if (acceptor != null) {
            acceptor.stop(true);
            acceptor = null;
        }
    }

    @Override
    public boolean isRunning() {
        return acceptor != null;
    }

    private SessionSettings settings() {
        SessionSettings settings = new SessionSettings();
        SessionID template = new SessionID("FIX.4.4", fix.senderCompId(), DynamicAcceptorSessionProvider.WILDCARD);
        settings.setString("ConnectionType", "acceptor");
        settings.setString("StartTime", "00:00:00");
        settings.setString("EndTime", "00:00:00");
        settings.setString("SocketAcceptPort", Integer.toString(fix.port()));
        if (bindAddress != null && !bindAddress.isBlank()) {
            settings.setString("SocketAcceptAddress", bindAddress);
        }
        settings.setString("ResetOnLogon", "Y");
        settings.setString("ResetOnLogout", "Y");
        settings.setString("ResetOnDisconnect", "Y");
        settings.setString("PersistMessages", "N");
        settings.setString("UseDataDictionary", "Y");
        settings.setString("DataDictionary", "FIX44.xml");
        settings.setString("SLF4JLogHeartbeats", "N");
        settings.setString(template, "BeginString", "FIX.4.4");
        settings.setString(template, "SenderCompID", fix.senderCompId());
        settings.setString(template, "TargetCompID", DynamicAcceptorSessionProvider.WILDCARD);
        settings.setString(template, "AcceptorTemplate", "Y");
        return settings;
    }
}
