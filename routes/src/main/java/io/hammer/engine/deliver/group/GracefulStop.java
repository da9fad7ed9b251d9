package io.hammer.engine.deliver.group;

import io.hammer.engine.HammerProperties;
import io.hammer.engine.account.LatencyHistograms;
import io.hammer.engine.deliver.BatchDelivery;
import io.hammer.engine.deliver.DeliveryPipeline;
import io.hammer.engine.pace.Workers;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * A consumer's graceful stop (SIGTERM, scale down, rollout), before Camel and the web server stop:
 * take no more records, finish the orders already sent (up to {@code hammer.consumer.drain-timeout};
 * orders not sent yet are left to the partitions' next owner), record their outcomes, commit, publish
 * the latency histograms, then stop the consume route, whose consumer leaves the group so that its
 * partitions move at once. Its phase runs before Camel's ({@code Integer.MAX_VALUE - 2049}) and the web
 * server's graceful shutdown; Spring gives each phase {@code spring.lifecycle.timeout-per-shutdown-phase}.
 */
@Component
public class GracefulStop implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(GracefulStop.class);
    private static final String CONSUME = "consume";
    private static final Duration COMMIT_WAIT = Duration.ofSeconds(5);

    /**
     * Looked up when stopping: a SmartLifecycle's Lifecycle dependencies are started with it, and
     * Camel's context must start only once Spring Boot has added its routes.
     */
    private final ObjectProvider<CamelContext> camelContext;
    private final DeliveryPipeline pipeline;
    private final BatchDelivery kafka;
    private final LatencyHistograms latencies;
    private final Workers workers;
    private final Duration drainTimeout;
    private volatile boolean running;

    public GracefulStop(ObjectProvider<CamelContext> camelContext, DeliveryPipeline pipeline, BatchDelivery kafka,
                        LatencyHistograms latencies, Workers workers, HammerProperties properties) {
        this.camelContext = camelContext;
        this.pipeline = pipeline;
        this.kafka = kafka;
        this.latencies = latencies;
        this.workers = workers;
        this.drainTimeout = properties.consumer().drainTimeout();
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        CamelContext camel = camelContext.getObject();
        if (camel.getRouteController().getRouteStatus(CONSUME) != ServiceStatus.Started) {
            return;
        }
        try {
            long started = System.nanoTime();
            boolean drained = pipeline.drain(drainTimeout);
            // Kafka: the consumer thread commits on its next poll (every poll-timeout-ms). Pulsar: the
            // acknowledgements went out as the outcomes were recorded; none is pending here.
            long deadline = System.nanoTime() + COMMIT_WAIT.toNanos();
            while (kafka.commitsPending() && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(20);
            }
            camel.getRouteController().stopRoute(CONSUME, 10, TimeUnit.SECONDS);
            latencies.publishChanged();
            workers.heartbeat();
            log.info("Consumer stopped in {} ms: {}", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                    drained ? "every order sent was recorded and committed"
                            : "orders still unanswered at the drain timeout are left to the group (sent again, counted as duplicates)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("Graceful consumer stop failed; uncommitted orders are read again by the group: {}", e.toString());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the web server's graceful shutdown (DEFAULT_PHASE - 1024) and Camel (MAX_VALUE - 2049). */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 512;
    }
}
