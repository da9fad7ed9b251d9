package io.hammer.engine.deliver;

import io.hammer.engine.HammerProperties;
import io.hammer.engine.account.Accounting;
import io.hammer.engine.account.OrderTimings;
import io.hammer.engine.account.Tally;
import io.hammer.engine.pace.Pacers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The deliver stage's batch step, run on the Kafka consumer's own thread. It sends every order of
 * a polled batch through the {@code direct:deliver} route asynchronously, at most
 * {@code hammer.consumer.max-in-flight} at a time and without a thread each; waits until each order
 * is delivered or dead-lettered; records the outcomes; and only once they are in Redis commits the
 * batch's offsets, from this thread, as the Kafka consumer requires. A crash before the commit re-delivers the batch:
 * duplicates, counted, never losses.
 */
@Component("batchDelivery")
public class BatchDelivery implements Processor {
    private static final Logger log = LoggerFactory.getLogger(BatchDelivery.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final CamelContext camel;
    private final Accounting accounting;
    private final Pacers pacers;
    private final OrderTimings timings;
    private final int maxInFlight;
    /** Per Kafka consumer thread: offsets whose batches' outcomes are not yet all in Redis. */
    private final ThreadLocal<Map<Integer, KafkaManualCommit>> uncommitted = ThreadLocal.withInitial(LinkedHashMap::new);
    private volatile AsyncProducer deliver;
    private volatile ExecutorService dispatcher;

    public BatchDelivery(CamelContext camel, Accounting accounting, Pacers pacers, OrderTimings timings,
                         HammerProperties properties) {
        this.camel = camel;
        this.accounting = accounting;
        this.pacers = pacers;
        this.timings = timings;
        this.maxInFlight = properties.consumer().maxInFlight();
    }

    @Override
    public void process(Exchange batch) throws Exception {
        @SuppressWarnings("unchecked")
        List<Exchange> records = batch.getMessage().getBody(List.class);
        if (records == null || records.isEmpty()) {
            if (accounting.settled()) {
                commitHeld();
            }
            return;
        }
        Tally tally = new Tally();
        List<Delivery> pending = new ArrayList<>(records.size());
        for (Exchange record : records) {
            Delivery delivery = Delivery.fromRecord(record);
            tally.consumed(delivery.run());
            pending.add(delivery);
        }
        long backoff = 500;
        while (true) {
            List<Delivery> batchOfOrders = pending;
            // Dispatched from another thread: this one is inside a task of Camel's reactive executor,
            // which would only queue (not run) the deliveries while we wait for them.
            pending = dispatcher().submit(() -> deliverAll(batchOfOrders, tally)).get();
            if (pending.isEmpty()) {
                break;
            }
            // Only when even the dead-letter topic refused them: hold the batch rather than lose it.
            log.error("{} orders have no outcome (dead-letter topic unreachable?); trying them again in {} ms",
                    pending.size(), backoff);
            Thread.sleep(backoff);
            backoff = Math.min(backoff * 2, MAX_BACKOFF.toMillis());
        }
        hold(records);
        // Offsets move on only once the outcomes are in Redis: a consumer that dies while Redis is
        // away has its batches read again (duplicates, counted) rather than their outcomes lost.
        if (accounting.record(tally)) {
            commitHeld();
        }
    }

    /** @return the orders that reached no outcome */
    private List<Delivery> deliverAll(List<Delivery> deliveries, Tally tally) throws Exception {
        AsyncProducer producer = producer();
        Semaphore window = new Semaphore(maxInFlight);
        CountDownLatch finished = new CountDownLatch(deliveries.size());
        List<Delivery> unresolved = new ArrayList<>();
        for (Delivery order : deliveries) {
            // The slot is taken before the window: waiting for a free request slot delays the send,
            // not the intended time, so a slow target shows in the latency.
            Delivery delivery = order.intendedAt(pacers.awaitSlot(order.run()));
            window.acquire();
            Exchange exchange = delivery.toExchange(camel);
            exchange.setProperty(Delivery.TRANSPORT, pacers.transport(delivery.run()));
            producer.process(exchange, doneSync -> {
                try {
                    if (!settle(exchange, delivery, tally)) {
                        synchronized (unresolved) {
                            unresolved.add(delivery);
                        }
                    }
                } finally {
                    window.release();
                    finished.countDown();
                }
            });
        }
        finished.await();
        return unresolved;
    }

    /** Records where the order ended; false when it ended nowhere. */
    private boolean settle(Exchange exchange, Delivery delivery, Tally tally) {
        if (exchange.getException() != null) {
            log.warn("Order {} of run {} has no outcome: {}", delivery.key(), delivery.run(), exchange.getException().toString());
            return false;
        }
        String deadLetterReason = exchange.getProperty(Delivery.DEAD_LETTER_REASON, String.class);
        if (deadLetterReason == null) {
            tally.delivered(delivery.run(), delivery.seq(),
                    Delivery.attempts(exchange));
        } else {
            tally.deadLettered(delivery.run(), delivery.seq(), deadLetterReason,
                    exchange.getProperty(Delivery.SUBMITTED, 0, Integer.class));
        }
        timings.record(delivery.run(), delivery.intendedNanos(), SendTimes.sentAt(exchange), deadLetterReason != null);
        return true;
    }

    /**
     * Keeps, per partition, the commit handle of the batch's last record (the offset after it). A
     * poll returns each partition's records together and in offset order, so only the last of each
     * run needs its handle (header look-ups are not free at tens of thousands of records a second).
     */
    private void hold(List<Exchange> records) {
        Map<Integer, KafkaManualCommit> held = uncommitted.get();
        Integer[] partitions = new Integer[records.size() + 1];
        for (int i = 0; i < records.size(); i++) {
            partitions[i] = records.get(i).getMessage().getHeader(KafkaConstants.PARTITION, Integer.class);
        }
        for (int i = 0; i < records.size(); i++) {
            Integer partition = partitions[i];
            if (partition != null && !partition.equals(partitions[i + 1])) {
                KafkaManualCommit commit = records.get(i).getMessage().getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class);
                if (commit != null) {
                    held.put(partition, commit);
                }
            }
        }
    }

    /** Commits the held offsets, from this consumer's own thread, as the Kafka consumer requires. */
    private void commitHeld() {
        Map<Integer, KafkaManualCommit> held = uncommitted.get();
        for (KafkaManualCommit commit : held.values()) {
            try {
                commit.commit();
            } catch (RuntimeException e) {
                // Typically a rebalance: the partition's new owner reads these records again (duplicates, counted).
                log.warn("Offset commit failed, the records will be delivered again: {}", e.toString());
            }
        }
        held.clear();
    }

    private ExecutorService dispatcher() {
        ExecutorService executor = dispatcher;
        if (executor == null) {
            synchronized (this) {
                if (dispatcher == null) {
                    dispatcher = camel.getExecutorServiceManager().newCachedThreadPool(this, "hammer-dispatch");
                }
                executor = dispatcher;
            }
        }
        return executor;
    }

    private AsyncProducer producer() throws Exception {
        AsyncProducer producer = deliver;
        if (producer == null) {
            synchronized (this) {
                if (deliver == null) {
                    deliver = camel.getEndpoint("direct:deliver").createAsyncProducer();
                    ServiceHelper.startService(deliver);
                }
                producer = deliver;
            }
        }
        return producer;
    }
}
