package io.hammer.engine.deliver.fix;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * FIX delivery settings under {@code hammer.fix.*}; defaults live in application.yaml.
 *
 * @param enabled          start the FIX initiator on this instance (consumers of runs with {@code "transport": "fix"})
 * @param settingsFile     a QuickFIX/J settings file ({@code file:...} or {@code classpath:...}); when set, its sessions and
 *                         settings are used as they are and the ones below are ignored
 * @param dataDictionary   the FIX 4.4 data dictionary incoming messages are checked against
 * @param heartbeatSeconds HeartBtInt of the Logon
 * @param reconnectSeconds how long the initiator waits before connecting again
 * @param resetOnLogon     both sides start again at sequence number 1 at every logon
 * @param storeDir         QuickFIX/J's file store (sequence numbers); empty: in memory
 * @param logDir           QuickFIX/J's message logs; empty: session events through SLF4J only
 * @param timeout          an order without an ExecutionReport this long after it was handed over (or while no
 *                         session is logged on) is dead-lettered as {@code unanswered}
 * @param sessions         the sessions to spread orders over, round robin
 */
@ConfigurationProperties("hammer.fix")
public record FixProperties(boolean enabled, String settingsFile, String dataDictionary, int heartbeatSeconds,
                            int reconnectSeconds, boolean resetOnLogon, Path storeDir, Path logDir, Duration timeout,
                            List<Session> sessions) {

    public record Session(String senderCompId, String targetCompId, String host, int port) {
    }
}
