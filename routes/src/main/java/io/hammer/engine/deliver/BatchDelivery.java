package io.hammer.engine.deliver;

import io.hammer.engine.deliver.group.DeliveryWindow;
import io.hammer.engine.deliver.group.GroupClients;
import io.hammer.engine.deliver.group.PartitionOffsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Kafka's side of the deliver stage. The consume route hands it each polled batch on the Kafka
 * consumer thread; it notes each order's offset ({@link PartitionOffsets}) and passes the batch to the
 * {@link DeliveryPipeline}, which paces, sends and records it, and returns at once. An order's offset
 * becomes committable once its outcome is in Redis and every earlier order of its partition's is too,
 * and {@link DeliveryWindow} commits it on the consumer thread.
 */
@Component("batchDelivery")
public class BatchDelivery implements Processor, DeliveryWindow.Pipeline, GroupClients.Revocations {
    private static final Logger log = LoggerFactory.getLogger(BatchDelivery.class);

    private final DeliveryPipeline pipeline;
    private final PartitionOffsets offsets = new PartitionOffsets();

    public BatchDelivery(DeliveryPipeline pipeline) {
        this.pipeline = pipeline;
        pipeline.afterRecording(offsets::advance);
    }

    /** Takes a polled batch (on the consumer thread) and returns at once. */
    @Override
    public void process(Exchange batch) throws Exception {
        @SuppressWarnings("unchecked")
        List<Exchange> records = batch.getMessage().getBody(List.class);
        if (records == null || records.isEmpty() || !pipeline.accepting()) {
            // Not accepting: stopping, and these were read past the pause; not handed, never committed.
            return;
        }
        List<DeliveryPipeline.Order> orders = new ArrayList<>(records.size());
        for (Exchange record : records) {
            var message = record.getMessage();
            TopicPartition partition = new TopicPartition(message.getHeader(KafkaConstants.TOPIC, String.class),
                    message.getHeader(KafkaConstants.PARTITION, Integer.class));
            long offset = message.getHeader(KafkaConstants.OFFSET, Long.class);
            orders.add(new DeliveryPipeline.Order(Delivery.fromRecord(record), offsets.add(partition, offset)));
        }
        if (!pipeline.hasRoom()) {
            // Cannot happen while the route's Pausable check is honoured (no room, no poll handed over).
            log.warn("A polled batch arrived while another was waiting; the consumer thread waits for the dispatcher");
        }
        pipeline.hand(orders);
    }

    @Override
    public boolean hasRoom() {
        return pipeline.hasRoom();
    }

    @Override
    public boolean awaitRoom(Duration timeout) throws InterruptedException {
        return pipeline.awaitRoom(timeout);
    }

    @Override
    public PartitionOffsets offsets() {
        return offsets;
    }

    /**
     * On the consumer thread, inside poll(), before the partitions move: records what finished,
     * commits it, and forgets the partitions. Their orders still in flight finish and are recorded;
     * those not sent yet are left to the new owner, which re-sends the unfinished ones (duplicates, counted).
     */
    @Override
    public void revoked(Collection<TopicPartition> partitions, Consumer<?, ?> consumer) {
        pipeline.recordFinished();
        offsets.handOver(partitions, consumer);
    }

    @Override
    public void lost(Collection<TopicPartition> partitions) {
        offsets.forget(partitions);
    }

    /** True while finished offsets wait for the consumer thread to commit them. */
    public boolean commitsPending() {
        return offsets.hasReady();
    }
}
