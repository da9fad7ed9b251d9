package io.hammer.engine.deliver.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hammer.engine.pipeline.TestStack;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The delivery window on the consumer thread, with a KIP-848 consumer on the embedded broker, polled
 * as camel-kafka polls it (poll, then the listener, then the records handed over or dropped). Room that
 * comes within the hand-off wait takes the poll without pausing (a paused KIP-848 consumer spins,
 * KAFKA-21084); room that does not pauses, and reading resumes exactly where the dropped poll began.
 */
class DeliveryWindowTest {
    private static final Duration HANDOFF_WAIT = Duration.ofMillis(500);
    private final TopicPartition partition = new TopicPartition("window-" + UUID.randomUUID(), 0);

    private final String brokers = TestStack.get().kafkaBrokers();
    private final Window pipeline = new Window();
    private final DeliveryWindow deliveryWindow = new DeliveryWindow(pipeline, HANDOFF_WAIT);
    private Consumer<String, String> consumer;

    /** The pipeline's side: room as the test says, and the offsets of what it took. */
    private static final class Window implements DeliveryWindow.Pipeline {
        final PartitionOffsets offsets = new PartitionOffsets();
        volatile CompletableFuture<Void> room = CompletableFuture.completedFuture(null);

        @Override
        public boolean hasRoom() {
            return room.isDone();
        }

        @Override
        public boolean awaitRoom(Duration timeout) throws InterruptedException {
            try {
                room.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                return false;
            }
            return true;
        }

        @Override
        public PartitionOffsets offsets() {
            return offsets;
        }

        void take(ConsumerRecords<String, String> records) {
            for (ConsumerRecord<String, String> record : records) {
                offsets.add(new TopicPartition(record.topic(), record.partition()), record.offset());
            }
        }
    }

    @BeforeEach
    void startConsumer() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers))) {
            admin.createTopics(List.of(new NewTopic(partition.topic(), 1, (short) 1))).all().get();
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class))) {
            for (int i = 0; i < 300; i++) {
                producer.send(new ProducerRecord<>(partition.topic(), "k" + i, "v" + i));
            }
        }
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "window-" + UUID.randomUUID());
        props.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumer = new KafkaConsumer<>(props);
        consumer.subscribe(List.of(partition.topic()));
        deliveryWindow.setConsumer(consumer);
    }

    @AfterEach
    void closeConsumer() {
        consumer.close();
    }

    @Test
    void roomThatComesWithinTheHandoffWaitTakesThePollWithoutPausing() {
        ConsumerRecords<String, String> first = takeFirstPoll();

        pipeline.room = new CompletableFuture<>();
        CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS).execute(() -> pipeline.room.complete(null));
        ConsumerRecords<String, String> second = consumer.poll(Duration.ofSeconds(5));
        assertThat(second.count()).isPositive();
        assertThat(deliveryWindow.afterConsume(null)).as("room came 100 ms into a %s wait", HANDOFF_WAIT).isTrue();
        assertThat(consumer.paused()).isEmpty();
        assertThat(second.iterator().next().offset()).isEqualTo(first.count());
    }

    @Test
    void noRoomWithinTheHandoffWaitPausesAndReadingResumesWhereTheDroppedPollBegan() {
        ConsumerRecords<String, String> first = takeFirstPoll();

        pipeline.room = new CompletableFuture<>();
        ConsumerRecords<String, String> dropped = consumer.poll(Duration.ofSeconds(5));
        assertThat(dropped.count()).isPositive();
        long began = dropped.iterator().next().offset();
        long waited = System.nanoTime();
        assertThat(deliveryWindow.afterConsume(null)).as("no room").isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - waited)).isGreaterThanOrEqualTo(HANDOFF_WAIT);
        assertThat(consumer.paused()).containsExactly(partition);
        assertThat(consumer.poll(Duration.ofMillis(100)).count()).as("paused").isZero();

        pipeline.room.complete(null);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
            boolean took = deliveryWindow.afterConsume(null) && !records.isEmpty();
            if (took) {
                assertThat(records.iterator().next().offset()).as("the dropped poll's first record").isEqualTo(began);
            }
            return took;
        });
        assertThat(consumer.paused()).isEmpty();
    }

    /** The first poll with records, taken by the pipeline while it has room. */
    private ConsumerRecords<String, String> takeFirstPoll() {
        ConsumerRecords<String, String> first = await().atMost(Duration.ofSeconds(30))
                .until(() -> consumer.poll(Duration.ofMillis(200)), records -> !records.isEmpty());
        assertThat(deliveryWindow.afterConsume(null)).isTrue();
        pipeline.take(first);
        return first;
    }
}
