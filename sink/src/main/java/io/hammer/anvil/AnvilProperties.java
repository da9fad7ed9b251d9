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
 */
@ConfigurationProperties("anvil")
public record AnvilProperties(Path dataDir, int maxOrderBytes, Duration syncInterval) {
}
