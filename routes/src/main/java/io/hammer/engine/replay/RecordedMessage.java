package io.hammer.engine.replay;

/**
 * A message read off the source topic, with what its Kafka record says about it.
 *
 * @param run the {@code hammer-run-id} header, null on foreign messages
 * @param seq the order's sequence number: {@code hammer-seq} header or the mapped field; null when neither
 */
record RecordedMessage(int partition, long offset, long timestamp, byte[] value, String run, Long seq) {
}
