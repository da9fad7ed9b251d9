package io.hammer.engine.deliver.group;

import java.util.Collection;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.camel.component.kafka.DefaultKafkaClientFactory;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The consume route's Kafka clients (its {@code kafkaClientFactory}). Its consumers do two things
 * camel-kafka has no option for: they tell {@link Revocations} when partitions are revoked or lost,
 * on the consumer thread inside poll(), before camel-kafka's own listener; and a stopped one leaves
 * the group for good (KIP-1092's {@code CloseOptions} LEAVE_GROUP), because a static member's plain
 * close() keeps its partitions for the session timeout, waiting for it to come back under its name.
 * A crashed engine does keep them: restarted within the session timeout, it takes them back without
 * a rebalance.
 */
@Component("groupClients")
public class GroupClients extends DefaultKafkaClientFactory {
    private final Revocations revocations;
    private final boolean leaveGroupOnStop;

    public GroupClients(Revocations revocations, @Value("${hammer.consumer.leave-group-on-stop}") boolean leaveGroupOnStop) {
        this.revocations = revocations;
        this.leaveGroupOnStop = leaveGroupOnStop;
    }

    @Override
    public Consumer getConsumer(Properties props) {
        return new GroupConsumer(props);
    }

    /** Who hands revoked partitions' finished work over; called on the consumer thread. */
    public interface Revocations {
        void revoked(Collection<TopicPartition> partitions, Consumer<?, ?> consumer);

        void lost(Collection<TopicPartition> partitions);
    }

    private final class GroupConsumer extends KafkaConsumer<Object, Object> {
        private boolean subscribed;

        GroupConsumer(Properties props) {
            super(props);
        }

        @Override
        public void subscribe(Collection<String> topics, ConsumerRebalanceListener listener) {
            super.subscribe(topics, handingOver(listener));
            subscribed = true;
        }

        @Override
        public void subscribe(Pattern pattern, ConsumerRebalanceListener listener) {
            super.subscribe(pattern, handingOver(listener));
            subscribed = true;
        }

        /**
         * camel-kafka unsubscribes before it closes; for a static member that is already a leave that
         * keeps its partitions, so the leave is left to close().
         */
        @Override
        public void unsubscribe() {
            if (!leaveGroupOnStop || !subscribed) {
                super.unsubscribe();
            }
        }

        @Override
        public void close() {
            super.close(CloseOptions.groupMembershipOperation(
                    leaveGroupOnStop ? GroupMembershipOperation.LEAVE_GROUP : GroupMembershipOperation.DEFAULT));
        }

        private ConsumerRebalanceListener handingOver(ConsumerRebalanceListener camel) {
            Consumer<?, ?> self = this;
            return new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    revocations.revoked(partitions, self);
                    camel.onPartitionsRevoked(partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    camel.onPartitionsAssigned(partitions);
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    revocations.lost(partitions);
                    camel.onPartitionsLost(partitions);
                }
            };
        }
    }
}
