package io.hammer.anvil;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Anvil's settings under {@code anvil.*}; defaults live in anvil.yaml.
 *
 * @param bindAddress   the address HTTP (server.address) and the FIX acceptor listen on
 * @param dataDir       where the order journal is written
 * @param maxOrderBytes larger requests are refused with 413
 * @param syncInterval  how often the journal is forced to the storage device
 * @param journal       when the journal is rotated and how many rotated files are kept
 * @param signIn        the backoff of wrong admin passwords
 * @param fix           the FIX 4.4 acceptor
 */
@ConfigurationProperties("anvil")
public record AnvilProperties(String bindAddress, Path dataDir, int maxOrderBytes, Duration syncInterval, Journal journal,
                              SignIn signIn, Fix fix) {

    /** @param maxBytes rotate before the file grows past this; @param keepFiles rotated files kept */
    public record Journal(DataSize maxBytes, int keepFiles) {
    }

    /** After freeAttempts wrong passwords, wait backoff, doubled at each further one up to maxBackoff. */
    public record SignIn(int freeAttempts, Duration backoff, Duration maxBackoff) {
    }

    /**
     * @param port         where the acceptor listens; empty: no FIX acceptor
     * @param senderCompId Anvil's CompID; any initiator CompID is accepted (one session each)
     * @param fill         also answer each accepted order with an immediate Fill after the New
     */
    public record Fix(Integer port, String senderCompId, boolean fill) {
    }
}
