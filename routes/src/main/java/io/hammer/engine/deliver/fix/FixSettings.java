package io.hammer.engine.deliver.fix;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.component.quickfixj.QuickfixjComponent;
import org.apache.camel.component.quickfixj.QuickfixjConfiguration;
import org.apache.camel.support.ResourceHelper;
import org.springframework.stereotype.Component;
import quickfix.ConfigError;
import quickfix.SLF4JLogFactory;
import quickfix.SessionID;
import quickfix.SessionSettings;

/**
 * The QuickFIX/J initiator's settings, from {@code hammer.fix.*} or a settings file, handed to
 * camel-quickfix as the configuration named {@value #ENGINE} (the routes' {@code quickfix:hammer}).
 * Messages are not kept for resends (PersistMessages=N): after a reconnection Hammer itself sends
 * again every order that was left unanswered, with PossResend=Y, so a store of sent messages would
 * only grow.
 */
@Component
public class FixSettings {
    public static final String ENGINE = "hammer";
    private final SessionSettings settings;
    private final List<SessionID> sessions = new ArrayList<>();

    public FixSettings(FixProperties fix, CamelContext camel) throws ConfigError, IOException {
        this.settings = fix.settingsFile() == null || fix.settingsFile().isBlank() ? fromProperties(fix) : fromFile(camel, fix.settingsFile());
        for (Iterator<SessionID> it = settings.sectionIterator(); it.hasNext(); ) {
            sessions.add(it.next());
        }
        QuickfixjComponent component = camel.getComponent("quickfix", QuickfixjComponent.class);
        component.getConfigurations().put(ENGINE, configuration());
        component.setLazyCreateEngines(true);
        if (!settings.isSetting("FileLogPath")) {
            component.setLogFactory(new SLF4JLogFactory(settings));
        }
    }

    /** The configured sessions, in order: orders go round robin over those logged on. */
    public List<SessionID> sessions() {
        return sessions;
    }

    private static SessionSettings fromProperties(FixProperties fix) {
        SessionSettings settings = new SessionSettings();
        String reset = fix.resetOnLogon() ? "Y" : "N";
        settings.setString("ConnectionType", "initiator");
        settings.setString("StartTime", "00:00:00");
        settings.setString("EndTime", "00:00:00");
        settings.setLong("HeartBtInt", fix.heartbeatSeconds());
        settings.setLong("ReconnectInterval", fix.reconnectSeconds());
        settings.setString("ResetOnLogon", reset);
        settings.setString("ResetOnLogout", reset);
        settings.setString("ResetOnDisconnect", reset);
        settings.setString("PersistMessages", "N");
        settings.setString("UseDataDictionary", "Y");
        settings.setString("DataDictionary", fix.dataDictionary());
        settings.setString("SLF4JLogHeartbeats", "N");
        if (fix.storeDir() != null) {
            settings.setString("FileStorePath", fix.storeDir().toAbsolutePath().toString());
        }
        if (fix.logDir() != null) {
            settings.setString("FileLogPath", fix.logDir().toAbsolutePath().toString());
        }
        for (FixProperties.Session session : fix.sessions() == null ? List.<FixProperties.Session>of() : fix.sessions()) {
            SessionID id = new SessionID("FIX.4.4", session.senderCompId(), session.targetCompId());
            settings.setString(id, "BeginString", "FIX.4.4");
            settings.setString(id, "SenderCompID", session.senderCompId());
            settings.setString(id, "TargetCompID", session.targetCompId());
            settings.setString(id, "SocketConnectHost", session.host());
            settings.setLong(id, "SocketConnectPort", session.port());
        }
        return settings;
    }

    private static SessionSettings fromFile(CamelContext camel, String location) throws ConfigError, IOException {
        try (InputStream in = ResourceHelper.resolveMandatoryResourceAsInputStream(camel, location)) {
            return new SessionSettings(in);
        }
    }

    /** The same settings in camel-quickfix's shape: defaults plus one map per session. */
    private QuickfixjConfiguration configuration() throws ConfigError {
        QuickfixjConfiguration configuration = new QuickfixjConfiguration();
        configuration.setDefaultSettings(new HashMap<>(settings.getDefaultProperties()));
        Map<SessionID, Map<Object, Object>> perSession = new HashMap<>();
        for (SessionID id : sessions) {
            perSession.put(id, new HashMap<>(settings.getSessionProperties(id, false)));
        }
        configuration.setSessionSettings(perSession);
        return configuration;
    }
}
