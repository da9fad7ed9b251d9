package io.hammer.engine.deliver;

/**
 * What the queue needs to know about one order it handed to delivery: whether it is still this
 * consumer's to send, and when its outcome is in Redis (only then may the queue forget the order).
 * Kafka: the order's offset in its partition ({@code group/PartitionOffsets}); Pulsar: its message,
 * acknowledged when recorded ({@code pulsar/PulsarDelivery}).
 */
public interface Receipt {
    /** False once the queue gave the order to another consumer: that one sends it. */
    boolean owned();

    /** The order's outcome is in Redis. */
    void recorded();
}
