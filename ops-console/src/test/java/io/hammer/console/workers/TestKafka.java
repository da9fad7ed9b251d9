package io.hammer.console.workers;

import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** One embedded KRaft broker for the test JVM (each test uses topics and groups of its own), stopped when the JVM exits. */
final class TestKafka {
    private static EmbeddedKafkaBroker broker;

    private TestKafka() {
    }

    static synchronized String brokers() {
        if (broker == null) {
            EmbeddedKafkaBroker started = new EmbeddedKafkaKraftBroker(1, 3).brokerProperty("auto.create.topics.enable", "false");
            started.afterPropertiesSet();
            Runtime.getRuntime().addShutdownHook(new Thread(started::destroy));
            broker = started;
        }
        return broker.getBrokersAsString();
    }

    static synchronized void createTopic(String topic, int partitions) {
        brokers();
        broker.addTopics(new org.apache.kafka.clients.admin.NewTopic(topic, partitions, (short) 1));
    }
}
