package io.hammer.engine.deliver.fix;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.support.ResourceHelper;
import org.springframework.stereotype.Component;
import quickfix.ConfigError;
import quickfix.FileLogFactory;
import quickfix.FileStoreFactory;
import quickfix.LogFactory;
import quickfix.MemoryStoreFactory;
import quickfix.MessageStoreFactory;
import quickfix.SLF4JLogFactory;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.SessionSettings;

/**
 * The QuickFIX/J initiator's settings, from {@code hammer.fix.*} or a settings file, with the message
 * store and log they imply: a file store where {@code FileStorePath} is set (else sequence numbers in
 * memory), file logs where {@code FileLogPath} is set (else session events through SLF4J).
 * Messages are not kept for resends (PersistMessages=N): after a reconnection Hammer itself sends
 * again every order that was left unanswered, with PossResend=Y, so a store of sent messages would
 * only grow.
 */
@Component
public class FixSettings {
    private final SessionSettings settings;
    private final List<SessionID> sessions = new ArrayList<>();

    public FixSettings(FixProperties fix, CamelContext camel) throws ConfigError, IOException {
        this.settings = fix.settingsFile() == null || fix.settingsFile().isBlank() ? fromProperties(fix) : fromFile(camel, fix.settingsFile());
        for (Iterator<SessionID> it = settings.sectionIterator(); it.hasNext(); ) {
            sessions.add(it.next());
        }
    }

    /** The configured sessions, in order: orders go round robin over those logged on. */
    public List<SessionID> sessions() {
        return sessions;
    }

    /** What the initiator is built from. */
    public SessionSettings sessionSettings() {
        return settings;
    }

    public MessageStoreFactory storeFactory() {
        return settings.isSetting(FileStoreFactory.SETTING_FILE_STORE_PATH) ? new FileStoreFactory(settings) : new MemoryStoreFactory();
    }

    public LogFactory logFactory() {
        return settings.isSetting(FileLogFactory.SETTING_FILE_LOG_PATH) ? new FileLogFactory(settings) : new SLF4JLogFactory(settings);
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

    /** A settings file as it is, with the defaults Hammer has always given it: a session all day, 30 s heartbeats. */
    private static SessionSettings fromFile(CamelContext camel, String location) throws ConfigError, IOException {
        SessionSettings settings;
        try (InputStream in = ResourceHelper.resolveMandatoryResourceAsInputStream(camel, location)) {
            settings = new SessionSettings(in);
        }
        if (!settings.isSetting(Session.SETTING_START_TIME)) {
            settings.setString(Session.SETTING_START_TIME, "00:00:00");
        }
        if (!settings.isSetting(Session.SETTING_END_TIME)) {
            settings.setString(Session.SETTING_END_TIME, "00:00:00");
        }
        if (!settings.isSetting(Session.SETTING_HEARTBTINT)) {
            settings.setLong(Session.SETTING_HEARTBTINT, 30);
        }
        return settings;
    }
}
