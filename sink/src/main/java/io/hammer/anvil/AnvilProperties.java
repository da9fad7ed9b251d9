package io.hammer.anvil;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Anvil's settings under {@code anvil.*}; defaults live in anvil.yaml.
 *
 * @param dataDir       where the order journal is written
 * @param maxOrderBytes larger requests are refused with 413
 * @param syncInterval  how often the journal is forced to the storage device
 * @param fix           the FIX 4.4 acceptor
 */
@ConfigurationProperties("anvil")
public record AnvilProperties(Path dataDir, int maxOrderBytes, Duration syncInterval, Fix fix) {

    /**
     * @param port         where the acceptor listens; empty: no FIX acceptor
     * @param senderCompId Anvil's CompID; any initiator CompID is accepted (one session each)
     * @param fill         also answer each accepted order with an immediate Fill after the New
     */
    public record Fix(Integer port, String senderCompId, boolean fill) {
    }
}
