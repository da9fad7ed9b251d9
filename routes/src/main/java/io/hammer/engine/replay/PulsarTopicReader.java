package io.hammer.engine.replay;

import io.hammer.engine.run.InvalidRunException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.MessageId;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.client.api.Reader;

/**
 * Reads a Pulsar topic for a replay (hammer.queue=pulsar) with Pulsar's Reader, which needs no
 * subscription and leaves the engines' one alone. A (non-partitioned) topic is partition 0 of the
 * replay, and a message's offset is its position in the topic: 0 for the first message the broker
 * still keeps, and so on; its time is its publish time. Opening the reader walks the topic once and
 * keeps each message's id and publish time (a few dozen bytes a message), so that a range of
 * positions or of publish times is found exactly and read from its first message on.
 */
final class PulsarTopicReader implements TopicSource {
    private static final Duration NO_PROGRESS_LIMIT = Duration.ofSeconds(30);

    private final PulsarClient client;
    private final String topic;
    private final TopicPartition partition;
    private MessageId[] ids = new MessageId[1024];
    private long[] publishTimes = new long[1024];
    private int count;

    PulsarTopicReader(PulsarClient client, String topic) {
        this.client = client;
        this.topic = topic;
        this.partition = new TopicPartition(topic, 0);
        try (Reader<byte[]> reader = reader(MessageId.earliest, false)) {
            while (reader.hasMessageAvailable()) {
                Message<byte[]> message = reader.readNext((int) NO_PROGRESS_LIMIT.toSeconds(), TimeUnit.SECONDS);
                if (message == null) {
                    throw new IllegalStateException("reading Pulsar topic " + topic + " made no progress for "
                            + NO_PROGRESS_LIMIT.toSeconds() + " s");
                }
                if (count == ids.length) {
                    ids = Arrays.copyOf(ids, count * 2);
                    publishTimes = Arrays.copyOf(publishTimes, count * 2);
                }
                ids[count] = message.getMessageId();
                publishTimes[count] = message.getPublishTime();
                count++;
            }
        } catch (IOException e) {
            throw new InvalidRunException(404, "Pulsar topic " + topic + " cannot be read: " + e.getMessage());
        }
    }

    @Override
    public List<TopicPartition> partitions() {
        return List.of(partition);
    }

    @Override
    public long beginning(TopicPartition ignored) {
        return 0;
    }

    @Override
    public long end(TopicPartition ignored) {
        return count;
    }

    /** Publish times follow the order the broker stored the messages in, so the first at or after {@code time} is found by search. */
    @Override
    public Map<TopicPartition, Long> offsetsAt(Instant time) {
        long wanted = time.toEpochMilli();
        int low = 0;
        int high = count;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (publishTimes[middle] < wanted) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return Map.of(partition, (long) low);
    }

    @Override
    public Instant[] timeSpan() {
        return new Instant[] {Instant.ofEpochMilli(publishTimes[0]), Instant.ofEpochMilli(publishTimes[count - 1])};
    }

    @Override
    public void read(Map<TopicPartition, long[]> ranges, Consumer<Read> each) {
        long[] range = ranges.get(partition);
        if (range == null || range[0] >= range[1]) {
            return;
        }
        int start = (int) range[0];
        int stop = (int) Math.min(range[1], count);
        try (Reader<byte[]> reader = reader(ids[start], true)) {
            for (int position = start; position < stop; position++) {
                Message<byte[]> message = reader.readNext((int) NO_PROGRESS_LIMIT.toSeconds(), TimeUnit.SECONDS);
                if (message == null) {
                    throw new IllegalStateException("reading Pulsar topic " + topic + " made no progress for "
                            + NO_PROGRESS_LIMIT.toSeconds() + " s at position " + position);
                }
                each.accept(new Read(0, position, message.getPublishTime(), message.getValue(), new HashMap<>(message.getProperties())));
            }
        } catch (IOException e) {
            throw new IllegalStateException("reading Pulsar topic " + topic + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        // Each walk of the topic closes its own reader.
    }

    private Reader<byte[]> reader(MessageId start, boolean inclusive) throws PulsarClientException {
        var builder = client.newReader().topic(topic).startMessageId(start).subscriptionRolePrefix("hammer-replay");
        if (inclusive) {
            builder.startMessageIdInclusive();
        }
        return builder.create();
    }
}
