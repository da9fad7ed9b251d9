package io.hammer.engine.deliver.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hammer.engine.pipeline.TestStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
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
 * The consume route's group membership on the embedded KRaft broker with KIP-848's consumer protocol,
 * through {@link GroupClients}' consumers as the route gets them: a static member that comes back
 * under its id takes back its partitions without moving anyone else's; a stopping member leaves at
 * once; a revoked partition's finished offsets are committed before it moves.
 */
class GroupMembershipTest {
    private static final int PARTITIONS = 4;
    /** Well under the broker's session timeout (45 s): what "at once" means here. */
    private static final Duration AT_ONCE = Duration.ofSeconds(10);

    private final String brokers = TestStack.get().kafkaBrokers();
    private final String topic = "membership-" + UUID.randomUUID();
    private final String group = "group-" + UUID.randomUUID();
    private final List<Consumer<String, String>> open = new ArrayList<>();

    @BeforeEach
    void createTopic() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers))) {
            admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get();
        }
    }

    @AfterEach
    void closeConsumers() {
        open.forEach(Consumer::close);
    }

    @Test
    void aStaticMemberThatComesBackTakesItsPartitionsWithoutMovingTheOthers() {
        Member a = new Member("a", false);
        Member b = new Member("b", false);
        awaitSplit(a, b);
        Set<TopicPartition> ofA = a.consumer.assignment();
        Set<TopicPartition> ofB = b.consumer.assignment();
        // The consumer reports a new assignment before its listener hears of it: wait for the listener too.
        await().atMost(AT_ONCE).until(() -> {
            a.poll();
            b.poll();
            return b.assigned.containsAll(ofB);
        });
        b.events.clear();

        // A crash-like stop: the static member does not leave, the broker keeps its partitions for it.
        a.close();
        Member back = new Member("a", false);
        await().atMost(AT_ONCE).until(() -> {
            back.poll();
            b.poll();
            return back.consumer.assignment().equals(ofA);
        });
        for (int i = 0; i < 10; i++) {
            b.poll();
        }
        assertThat(b.consumer.assignment()).isEqualTo(ofB);
        assertThat(b.events).as("the other member saw no rebalance").isEmpty();
    }

    @Test
    void aStoppingMemberLeavesTheGroupAtOnce() {
        Member a = new Member("a", true);
        Member b = new Member("b", true);
        awaitSplit(a, b);

        a.close();
        long start = System.nanoTime();
        await().atMost(AT_ONCE).until(() -> {
            b.poll();
            return b.consumer.assignment().size() == PARTITIONS;
        });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(AT_ONCE);
    }

    @Test
    void aRevokedPartitionsFinishedOffsetsAreCommittedBeforeItMoves() throws Exception {
        produce(200);
        Member a = new Member("a", true);
        // The first 10 records of each partition finish; their outcomes are recorded when the revocation comes.
        List<PartitionOffsets.Slot> finishedAtRevocation = new ArrayList<>();
        a.handOver = partitions -> finishedAtRevocation.forEach(PartitionOffsets.Slot::recorded);
        int[] handed = {0};
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (ConsumerRecord<String, String> record : a.poll()) {
                PartitionOffsets.Slot slot = a.offsets.add(new TopicPartition(record.topic(), record.partition()), record.offset());
                if (record.offset() < 10) {
                    finishedAtRevocation.add(slot);
                }
                handed[0]++;
            }
            return handed[0] == 200;
        });
        assertThat(committed()).as("nothing committed before the revocation").isEmpty();

        Member b = new Member("b", true);
        awaitSplit(a, b);
        Set<TopicPartition> moved = b.consumer.assignment();
        Map<TopicPartition, OffsetAndMetadata> committed = committed();
        assertThat(moved).isNotEmpty();
        for (TopicPartition partition : moved) {
            assertThat(committed.get(partition)).as("committed offset of revoked %s", partition).isNotNull();
            assertThat(committed.get(partition).offset()).as("committed offset of revoked %s", partition).isEqualTo(10);
        }
    }

    private void awaitSplit(Member a, Member b) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            a.poll();
            b.poll();
            Set<TopicPartition> all = new HashSet<>(a.consumer.assignment());
            all.addAll(b.consumer.assignment());
            return all.size() == PARTITIONS && !a.consumer.assignment().isEmpty() && !b.consumer.assignment().isEmpty();
        });
    }

    private Map<TopicPartition, OffsetAndMetadata> committed() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers))) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        }
    }

    private void produce(int records) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, i % PARTITIONS, "k" + i, "v" + i)).get();
            }
        }
    }

    /** One consume-route consumer as GroupClients makes it, polled by the test thread. */
    private final class Member implements GroupClients.Revocations {
        final PartitionOffsets offsets = new PartitionOffsets();
        final List<String> events = new ArrayList<>();
        final Set<TopicPartition> assigned = new HashSet<>();
        final Consumer<String, String> consumer;
        java.util.function.Consumer<Collection<TopicPartition>> handOver = partitions -> { };

        @SuppressWarnings("unchecked")
        Member(String instance, boolean leaveOnStop) {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
            props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
            props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instance);
            props.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            consumer = new GroupClients(this, leaveOnStop).getConsumer(props);
            open.add(consumer);
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    if (!partitions.isEmpty()) {
                        events.add("revoked " + partitions);
                    }
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    if (!partitions.isEmpty()) {
                        events.add("assigned " + partitions);
                        assigned.addAll(partitions);
                    }
                }
            });
        }

        Iterable<ConsumerRecord<String, String>> poll() {
            return consumer.poll(Duration.ofMillis(100));
        }

        void close() {
            open.remove(consumer);
            consumer.close();
        }

        @Override
        public void revoked(Collection<TopicPartition> partitions, Consumer<?, ?> from) {
            handOver.accept(partitions);
            offsets.advance();
            offsets.handOver(partitions, from);
        }

        @Override
        public void lost(Collection<TopicPartition> partitions) {
            offsets.forget(partitions);
        }
    }
}
