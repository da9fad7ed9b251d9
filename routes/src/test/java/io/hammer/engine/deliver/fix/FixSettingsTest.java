package io.hammer.engine.deliver.fix;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import quickfix.FileLogFactory;
import quickfix.FileStoreFactory;
import quickfix.MemoryStoreFactory;
import quickfix.SLF4JLogFactory;
import quickfix.SessionID;
import quickfix.SessionSettings;

/** The initiator's settings, store and log, from hammer.fix.* or from a settings file. */
class FixSettingsTest {

    @Test
    void sessionsFromPropertiesBecomeTheInitiatorsSettings() throws Exception {
        FixProperties fix = new FixProperties(true, null, "FIX44.xml", 20, 2, true, null, null, Duration.ofSeconds(5),
                List.of(new FixProperties.Session("H1", "VENUE", "venue.test", 9001),
                        new FixProperties.Session("H2", "VENUE", "venue.test", 9002)));
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            FixSettings settings = new FixSettings(fix, camel);

            assertThat(settings.sessions()).containsExactly(new SessionID("FIX.4.4", "H1", "VENUE"),
                    new SessionID("FIX.4.4", "H2", "VENUE"));
            SessionSettings engine = settings.sessionSettings();
            SessionID second = new SessionID("FIX.4.4", "H2", "VENUE");
            assertThat(engine.getString(second, "ConnectionType")).isEqualTo("initiator");
            assertThat(engine.getString(second, "SocketConnectPort")).isEqualTo("9002");
            assertThat(engine.getString(second, "SocketConnectHost")).isEqualTo("venue.test");
            assertThat(engine.getString(second, "HeartBtInt")).isEqualTo("20");
            assertThat(engine.getString(second, "ResetOnLogon")).isEqualTo("Y");
            assertThat(engine.getString(second, "PersistMessages")).isEqualTo("N");
            assertThat(engine.getString(second, "DataDictionary")).isEqualTo("FIX44.xml");
            assertThat(engine.isSetting(second, "FileStorePath")).isFalse();
            // Without store-dir and log-dir: sequence numbers in memory, session events through SLF4J.
            assertThat(settings.storeFactory()).isInstanceOf(MemoryStoreFactory.class);
            assertThat(settings.logFactory()).isInstanceOf(SLF4JLogFactory.class);
        }
    }

    @Test
    void aStoreDirAndALogDirGiveAFileStoreAndFileLogs(@TempDir Path dir) throws Exception {
        FixProperties fix = new FixProperties(true, null, "FIX44.xml", 30, 1, false, dir.resolve("store"), dir.resolve("logs"),
                Duration.ofSeconds(5), List.of(new FixProperties.Session("H1", "VENUE", "venue.test", 9001)));
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            FixSettings settings = new FixSettings(fix, camel);

            SessionID session = new SessionID("FIX.4.4", "H1", "VENUE");
            assertThat(settings.sessionSettings().getString(session, "FileStorePath")).isEqualTo(dir.resolve("store").toString());
            assertThat(settings.sessionSettings().getString(session, "ResetOnLogon")).isEqualTo("N");
            assertThat(settings.storeFactory()).isInstanceOf(FileStoreFactory.class);
            assertThat(settings.logFactory()).isInstanceOf(FileLogFactory.class);
            // The file store keeps the sequence numbers where store-dir says.
            settings.storeFactory().create(session).setNextSenderMsgSeqNum(42);
            assertThat(settings.storeFactory().create(session).getNextSenderMsgSeqNum()).isEqualTo(42);
            assertThat(dir.resolve("store")).isNotEmptyDirectory();
        }
    }

    @Test
    void aSettingsFileIsUsedAsItIs(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("fix.cfg");
        Files.writeString(file, """
                [DEFAULT]
                ConnectionType=initiator
                HeartBtInt=45
                PersistMessages=N
                [SESSION]
                BeginString=FIX.4.4
                SenderCompID=LOADGEN
                TargetCompID=EXCH
                SocketConnectHost=10.0.0.7
                SocketConnectPort=5001
                """);
        FixProperties fix = new FixProperties(true, "file:" + file, "FIX44.xml", 30, 1, true, null, null, Duration.ofSeconds(5),
                List.of(new FixProperties.Session("IGNORED", "ANVIL", "localhost", 9878)));
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            FixSettings settings = new FixSettings(fix, camel);

            SessionID session = new SessionID("FIX.4.4", "LOADGEN", "EXCH");
            assertThat(settings.sessions()).containsExactly(session);
            SessionSettings engine = settings.sessionSettings();
            assertThat(engine.getString(session, "SocketConnectPort")).isEqualTo("5001");
            assertThat(engine.getString(session, "HeartBtInt")).isEqualTo("45");
            // A file without a schedule gets a session all day, as Hammer's own settings have.
            assertThat(engine.getString(session, "StartTime")).isEqualTo("00:00:00");
            assertThat(engine.getString(session, "EndTime")).isEqualTo("00:00:00");
        }
    }
}
