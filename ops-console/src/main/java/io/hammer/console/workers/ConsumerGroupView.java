package io.hammer.console.workers;

import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.ConsumerGroupState;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * The consumer group on the orders topic as Kafka's admin API sees it: its members (client id, host,
 * assigned partitions) and each partition's lag, for the workers page. Same measure as the engine's
 * io.hammer.engine.account.KafkaLag (end offset minus committed offset), per partition; a partition
 * the group never committed counts from the log start, since the consume route reads from the earliest
 * offset. Every call is bounded by the timeout: a broker that does not answer gives an error line.
 */
public class ConsumerGroupView implements AutoCloseable {
    private final Map<String, Object> adminConfig;
    private final String group;
    private final String topic;
    private final Duration timeout;
    private volatile Admin admin;

    /** {@code adminConfig}: an admin client's settings (io.hammer.engine.kafka.KafkaClients#admin). */
    public ConsumerGroupView(Map<String, Object> adminConfig, String group, String topic, Duration timeout) {
        this.adminConfig = adminConfig;
        this.group = group;
        this.topic = topic;
        this.timeout = timeout;
    }

    /** The group and its lag now; never throws: when Kafka cannot be read, the snapshot says why. */
    public ConsumerGroupSnapshot read() {
        try {
            ConsumerGroupDescription description = get(admin().describeConsumerGroups(List.of(group)).describedGroups().get(group));
            TopicDescription topicDescription = get(admin().describeTopics(List.of(topic)).topicNameValues().get(topic));
            List<TopicPartition> partitions = topicDescription.partitions().stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, OffsetAndMetadata> committed =
                    get(admin().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
            Map<TopicPartition, Long> ends = offsets(partitions, OffsetSpec.latest());
            Map<TopicPartition, Long> starts = offsets(partitions, OffsetSpec.earliest());

            Map<Integer, String> owners = new HashMap<>();
            List<GroupMember> members = description.members().stream()
                    .map(member -> member(member, owners))
                    .sorted(Comparator.comparing(GroupMember::clientId).thenComparing(GroupMember::consumerId)).toList();
            List<PartitionLag> lags = partitions.stream().map(partition -> {
                OffsetAndMetadata offset = committed.get(partition);
                long end = ends.get(partition);
                long from = offset == null ? starts.get(partition) : offset.offset();
                return new PartitionLag(partition.partition(), end, offset == null ? -1 : offset.offset(),
                        Math.max(0, end - from), owners.get(partition.partition()));
            }).sorted(Comparator.comparingInt(PartitionLag::partition)).toList();
            return new ConsumerGroupSnapshot(group, topic, description.state().toString(), members, lags, null);
        } catch (Exception e) {
            return new ConsumerGroupSnapshot(group, topic, ConsumerGroupState.UNKNOWN.toString(), List.of(), List.of(),
                    "Kafka did not answer for consumer group " + group + " on " + topic + ": " + reason(e));
        }
    }

    private GroupMember member(MemberDescription member, Map<Integer, String> owners) {
        List<Integer> assigned = member.assignment().topicPartitions().stream()
                .filter(p -> p.topic().equals(topic)).map(TopicPartition::partition).sorted().toList();
        assigned.forEach(p -> owners.put(p, member.clientId()));
        return new GroupMember(member.clientId(), member.host(), member.consumerId(), assigned);
    }

    private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec) throws Exception {
        return get(admin().listOffsets(partitions.stream().collect(Collectors.toMap(Function.identity(), p -> spec))).all())
                .entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    private <T> T get(KafkaFuture<T> future) throws ExecutionException, InterruptedException, TimeoutException {
        return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static String reason(Exception e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        return cause instanceof TimeoutException ? "no answer in time" : cause.toString();
    }

    private Admin admin() {
        if (admin == null) {
            synchronized (this) {
                if (admin == null) {
                    Map<String, Object> config = new HashMap<>(adminConfig);
                    int millis = (int) timeout.toMillis();
                    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
                    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
                    admin = Admin.create(config);
                }
            }
        }
        return admin;
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
        }
    }

    /** One member of the group: Kafka's client id and consumer id, the host it connects from, its partitions of the topic. */
    public record GroupMember(String clientId, String host, String consumerId, List<Integer> partitions) {
    }

    /** One partition: its end offset, the group's committed offset (-1 if none), the lag, and the client id that owns it (null if none). */
    public record PartitionLag(int partition, long endOffset, long committedOffset, long lag, String owner) {
    }

    /**
     * The group at one moment: state (Kafka's names: Stable, Empty, PreparingRebalance, Dead, Unknown...), members, partitions; or,
     * when Kafka could not be read, {@code error} set and the lists empty.
     */
    public record ConsumerGroupSnapshot(String group, String topic, String state, List<GroupMember> members,
                                        List<PartitionLag> partitions, String error) {
        /** Records published and not yet committed, over every partition. */
        public long totalLag() {
            return partitions.stream().mapToLong(PartitionLag::lag).sum();
        }
    }
}
