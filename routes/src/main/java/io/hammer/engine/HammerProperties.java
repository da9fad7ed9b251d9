package io.hammer.engine;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Engine settings under {@code hammer.*}; defaults live in application.yaml. */
@ConfigurationProperties("hammer")
public record HammerProperties(Topics topics, Producer producer, Consumer consumer, Target target, Runs runs, Queue queue) {

    /** Between producers and consumers: {@code hammer.queue}, chosen per deployment (README "Pulsar"). */
    public enum Queue { KAFKA, PULSAR }

    public record Topics(String messages, String deadLetter, String metrics, int partitions) {
    }

    /**
     * Chunk claiming: a claimed chunk not finished within {@code lease} is claimed again; a chunk
     * Kafka refused {@code maxAttempts} times counts as producer-failed.
     */
    public record Producer(Duration lease, int maxAttempts) {
    }

    /**
     * {@code maxOrderBytes}: larger messages are dead-lettered as oversize. {@code drainTimeout}: how long
     * a stopping consumer waits for the orders it sent (deliver/group/GracefulStop).
     */
    public record Consumer(int maxInFlight, int maxOrderBytes, Duration drainTimeout) {
    }

    /**
     * The system under test. 5xx answers, timeouts and connection errors are retried {@code retries}
     * times with exponential backoff from {@code retryDelay}; 4xx answers are not retried.
     * {@code adminUrl} and its credentials are read only when the target is Anvil.
     */
    public record Target(String url, int connections, long timeoutMs, int retries, Duration retryDelay,
                         Duration maxRetryDelay, String adminUrl, String adminUsername, String adminPassword) {
    }

    /**
     * A run is done once its producers finished and its figures stopped moving for {@code settle};
     * its JSON and HTML reports are then written to {@code reportsDir}. A generated run's orders go
     * into Redis {@code windowChunks} chunks ahead of the producers, every {@code generateInterval};
     * a finished run's chunks that are left (a replayed or restored run's, kept for a backup) expire
     * {@code finishedChunksTtl} after it ends.
     */
    public record Runs(int chunkSize, Duration settle, Path reportsDir, int windowChunks, Duration finishedChunksTtl) {
    }
}
