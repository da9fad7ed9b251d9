package io.hammer.console.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * LocalWorkers on a real CamelContext: a {@code produce} route publishing to an embedded Kafka and a
 * {@code consume} route reading it in a consumer group, as the engine's routes do.
 */
class LocalWorkersTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private final AtomicLong produced = new AtomicLong();
    private final AtomicLong consumed = new AtomicLong();
    private CamelContext camel;
    private LocalWorkers workers;

    @BeforeEach
    void start() throws Exception {
        String topic = "local-workers-" + System.nanoTime();
        TestKafka.createTopic(topic, 2);
        String kafka = "kafka:" + topic + "?brokers=" + TestKafka.brokers();
        camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("timer:produce?period=20").routeId("produce")
                        .setBody(simple("${exchangeProperty.CamelTimerCounter}"))
                        .to(kafka).process(e -> produced.incrementAndGet());
                from(kafka + "&groupId=" + topic + "&autoOffsetReset=earliest&pollTimeoutMs=100").routeId("consume")
                        .process(e -> consumed.incrementAndGet());
            }
        });
        camel.start();
        workers = new LocalWorkers(camel);
        await().atMost(DEADLINE).until(() -> consumed.get() > 0);
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    @Test
    void groupsAreTheRoutesOfThisJvm() {
        assertThat(workers.groups()).containsExactly(
                new WorkerGroup("producer", 1, 1, "route produce started"),
                new WorkerGroup("consumer", 1, 1, "route consume started"));
    }

    @Test
    void scalingTheConsumerToZeroStopsItsFlowAndToOneResumesIt() {
        assertThat(workers.scale("consumer", 0)).isEqualTo(new WorkerGroup("consumer", 0, 0, "route consume stopped"));
        long stoppedAt = consumed.get();
        long producedAt = produced.get();
        await().atMost(DEADLINE).until(() -> produced.get() >= producedAt + 25);
        assertThat(consumed.get()).as("nothing consumed while the producer went on").isEqualTo(stoppedAt);

        assertThat(workers.scale("consumer", 1)).isEqualTo(new WorkerGroup("consumer", 1, 1, "route consume started"));
        long backlog = produced.get();
        await().atMost(DEADLINE).until(() -> consumed.get() >= backlog);
    }

    @Test
    void scalingTheProducerToZeroStopsPublishing() {
        workers.scale("producer", 0);
        long stoppedAt = produced.get();
        await().atMost(DEADLINE).until(() -> consumed.get() >= stoppedAt);
        assertThat(produced.get()).isEqualTo(stoppedAt);
        assertThat(workers.groups().get(0).replicas()).isZero();

        workers.scale("producer", 1);
        await().atMost(DEADLINE).until(() -> produced.get() > stoppedAt + 5);
    }

    @Test
    void restartKeepsTheGroupRunning() {
        assertThat(workers.restart("consumer")).isEqualTo(new WorkerGroup("consumer", 1, 1, "route consume started"));
        long after = produced.get();
        await().atMost(DEADLINE).until(() -> consumed.get() >= after);
        assertThat(workers.restart("producer").ready()).isEqualTo(1);
        long later = produced.get();
        await().atMost(DEADLINE).until(() -> produced.get() > later);
    }

    @Test
    void restartLeavesAStoppedGroupStopped() {
        workers.scale("consumer", 0);
        assertThat(workers.restart("consumer").replicas()).isZero();
        assertThat(camel.getRouteController().getRouteStatus("consume")).isEqualTo(ServiceStatus.Stopped);
    }

    @Test
    void moreThanOneInstanceOrANegativeCountIsRefusedAndChangesNothing() {
        assertThatThrownBy(() -> workers.scale("consumer", 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("local mode runs one instance of each group; scale on Kubernetes with kubectl scale or the console there");
        assertThatThrownBy(() -> workers.scale("producer", -1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(workers.groups()).allMatch(g -> g.ready() == 1);
    }

    @Test
    void aSuspendedRouteIsNotReadyAndScalingToOneResumesIt() throws Exception {
        camel.getRouteController().suspendRoute("consume");
        assertThat(workers.groups().get(1)).isEqualTo(new WorkerGroup("consumer", 1, 0, "route consume suspended"));
        workers.scale("consumer", 1);
        assertThat(camel.getRouteController().getRouteStatus("consume")).isEqualTo(ServiceStatus.Started);
    }

    @Test
    void anUnknownGroupOrARouteNotInThisJvmIsAClearError() throws Exception {
        assertThatThrownBy(() -> workers.scale("anvil", 0)).isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("producer or consumer");
        camel.getRouteController().stopRoute("produce");
        camel.removeRoute("produce");
        assertThatThrownBy(() -> workers.restart("producer")).isInstanceOf(NoSuchElementException.class)
                .hasMessage("route produce of group producer is not in this JVM");
        assertThat(workers.groups().get(0)).isEqualTo(new WorkerGroup("producer", 0, 0, "route produce not in this JVM"));
    }
}
