package io.hammer.console.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hammer.console.workers.ConsumerGroupView.ConsumerGroupSnapshot;
import io.hammer.console.workers.ConsumerGroupView.PartitionLag;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** ConsumerGroupView against an embedded KRaft broker with a live consumer group member. */
class ConsumerGroupViewTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Test
    void showsTheMemberItsPartitionsAndEachPartitionsLag() throws Exception {
        String topic = "group-view-" + System.nanoTime();
        String group = topic + "-group";
        TestKafka.createTopic(topic, 3);
        // 5 records on partition 0, 3 on 1, 4 on 2.
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.brokers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            int[] counts = {5, 3, 4};
            for (int partition = 0; partition < counts.length; partition++) {
                for (int i = 0; i < counts[partition]; i++) {
                    producer.send(new ProducerRecord<>(topic, partition, "k" + i, "v" + i)).get();
                }
            }
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.brokers(),
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.CLIENT_ID_CONFIG, "consumer-test-1",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
             ConsumerGroupView view = view(TestKafka.brokers(), group, topic)) {
            consumer.subscribe(java.util.List.of(topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(100));
                return consumer.assignment().size() == 3;
            });
            // Partition 0 done up to offset 2, partition 1 fully, partition 2 never committed.
            consumer.commitSync(Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(2),
                    new TopicPartition(topic, 1), new OffsetAndMetadata(3)));

            ConsumerGroupSnapshot snapshot = view.read();
            assertThat(snapshot.error()).isNull();
            assertThat(snapshot.group()).isEqualTo(group);
            assertThat(snapshot.state()).isEqualTo("Stable");
            assertThat(snapshot.members()).singleElement().satisfies(member -> {
                assertThat(member.clientId()).isEqualTo("consumer-test-1");
                assertThat(member.host()).isNotBlank();
                assertThat(member.consumerId()).startsWith("consumer-test-1");
                assertThat(member.partitions()).containsExactly(0, 1, 2);
            });
            assertThat(snapshot.partitions()).containsExactly(
                    new PartitionLag(0, 5, 2, 3, "consumer-test-1"),
                    new PartitionLag(1, 3, 3, 0, "consumer-test-1"),
                    new PartitionLag(2, 4, -1, 4, "consumer-test-1"));
            assertThat(snapshot.totalLag()).isEqualTo(7);
        }
    }

    @Test
    void aTopicThatDoesNotExistIsAnErrorLineNotAnException() throws Exception {
        try (ConsumerGroupView view = view(TestKafka.brokers(), "nobody", "no-such-topic")) {
            ConsumerGroupSnapshot snapshot = view.read();
            assertThat(snapshot.error()).contains("consumer group nobody on no-such-topic");
            assertThat(snapshot.members()).isEmpty();
            assertThat(snapshot.partitions()).isEmpty();
        }
    }

    @Test
    void aBrokerThatDoesNotAnswerGivesAnErrorWithinTheTimeout() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (ConsumerGroupView view = new ConsumerGroupView(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + port), "g", "messages", Duration.ofSeconds(1))) {
            ConsumerGroupSnapshot snapshot = view.read();
            assertThat(snapshot.error()).startsWith("Kafka did not answer for consumer group g on messages");
            assertThat(snapshot.state()).isEqualTo("Unknown");
        }
    }

    private static ConsumerGroupView view(String brokers, String group, String topic) {
        return new ConsumerGroupView(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers), group, topic, TIMEOUT);
    }
}
