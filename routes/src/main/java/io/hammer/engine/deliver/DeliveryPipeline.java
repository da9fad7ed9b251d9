package io.hammer.engine.deliver;

import io.hammer.engine.HammerProperties;
import io.hammer.engine.account.Accounting;
import io.hammer.engine.account.OrderTimings;
import io.hammer.engine.account.Tally;
import io.hammer.engine.pace.Pacers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The deliver stage's pipeline, whichever queue the orders come from (Kafka: {@link BatchDelivery};
 * Pulsar: {@code pulsar/PulsarDelivery}). The queue's consumer hands it batches of orders; its own
 * dispatcher thread gives each order its paced slot and sends it through the {@code direct:deliver}
 * route asynchronously, at most {@code hammer.consumer.max-in-flight} at a time and without a thread
 * each. Outcomes are written to Redis every {@link #RECORD_EVERY_MS}; only then is each order's
 * {@link Receipt} told, so that the queue forgets (commits, acknowledges) nothing whose outcome could
 * still be lost. A crash before that re-delivers those orders: duplicates, counted, never losses.
 */
@Component("deliveryPipeline")
public class DeliveryPipeline {
    private static final Logger log = LoggerFactory.getLogger(DeliveryPipeline.class);
    private static final long RECORD_EVERY_MS = 100;
    private static final long FIRST_BACKOFF_MS = 500;
    private static final long MAX_BACKOFF_MS = Duration.ofSeconds(30).toMillis();

    /** An order on its way, with what its queue needs to hear about it. */
    public record Order(Delivery delivery, Receipt receipt) {
    }

    private final CamelContext camel;
    private final Accounting accounting;
    private final Pacers pacers;
    private final OrderTimings timings;
    private final UnknownOutcomes unknownOutcomes;
    private final Semaphore window;
    /** Called after each write of outcomes to Redis, once their receipts were told. */
    private final List<Runnable> afterRecording = new CopyOnWriteArrayList<>();
    /** The one batch that may wait while the dispatcher paces the one before. */
    private final BlockingQueue<List<Order>> waiting = new ArrayBlockingQueue<>(1);
    /** Signalled when the dispatcher takes the waiting batch, or delivery stops. */
    private final Object room = new Object();
    /** Orders sent whose outcome is not recorded yet (including those waiting for a retry). */
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Object outcomesLock = new Object();
    private Tally outcomes = new Tally();
    private List<Order> finished = new ArrayList<>();
    /** Finished orders whose outcomes Redis has not taken yet (Redis away). */
    private final List<Order> unrecorded = new ArrayList<>();
    private volatile boolean accepting = true;
    private volatile Thread dispatcher;
    private volatile ScheduledExecutorService timer;
    private volatile AsyncProducer deliver;

    public DeliveryPipeline(CamelContext camel, Accounting accounting, Pacers pacers, OrderTimings timings,
                            UnknownOutcomes unknownOutcomes, HammerProperties properties) {
        this.camel = camel;
        this.accounting = accounting;
        this.pacers = pacers;
        this.timings = timings;
        this.unknownOutcomes = unknownOutcomes;
        this.window = new Semaphore(properties.consumer().maxInFlight());
    }

    /** Runs {@code action} after each write of outcomes to Redis (Kafka: move the commits on). */
    public void afterRecording(Runnable action) {
        afterRecording.add(action);
    }

    /** False while stopping: batches handed now are not taken (and so never committed or acknowledged). */
    public boolean accepting() {
        return accepting;
    }

    /** True while another batch can be handed without waiting. */
    public boolean hasRoom() {
        return accepting && waiting.isEmpty();
    }

    /** Waits up to {@code timeout} for room; true when there is. */
    public boolean awaitRoom(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (room) {
            while (!hasRoom()) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    break;
                }
                room.wait(left);
            }
        }
        return hasRoom();
    }

    private void roomMade() {
        synchronized (room) {
            room.notifyAll();
        }
    }

    /**
     * Hands a batch over: at once when there is room, otherwise waits for the dispatcher to take the
     * one before. A batch handed while stopping is dropped: never committed or acknowledged, so the
     * queue gives it to another consumer.
     */
    public void hand(List<Order> batch) throws InterruptedException {
        if (batch.isEmpty() || !accepting) {
            return;
        }
        start();
        while (accepting && !waiting.offer(batch, RECORD_EVERY_MS, TimeUnit.MILLISECONDS)) {
            // full: the dispatcher is pacing the batch before; look again (and whether we are stopping)
        }
    }

    /**
     * Stops taking batches, waits up to {@code timeout} for the orders sent to finish (orders not sent
     * yet are left to the queue, which hands them to another consumer), and records their outcomes.
     *
     * @return true when every order sent was recorded
     */
    public boolean drain(Duration timeout) throws InterruptedException {
        accepting = false;
        roomMade(); // no more room: a consumer thread waiting for it goes on
        Thread thread = dispatcher;
        if (thread != null) {
            thread.interrupt();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        recordFinished();
        unknownOutcomes.trim();
        return inFlight.get() == 0 && accounting.settled();
    }

    private void start() {
        if (dispatcher == null) {
            synchronized (this) {
                if (dispatcher == null) {
                    timer = camel.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "hammer-record");
                    timer.scheduleWithFixedDelay(this::recordFinished, RECORD_EVERY_MS, RECORD_EVERY_MS, TimeUnit.MILLISECONDS);
                    Thread thread = new Thread(this::dispatch, "hammer-dispatch");
                    thread.setDaemon(true);
                    thread.start();
                    dispatcher = thread;
                }
            }
        }
    }

    /** The dispatcher thread: paces each order of each batch, then sends it once the window has room. */
    private void dispatch() {
        while (accepting) {
            try {
                List<Order> batch = waiting.poll(RECORD_EVERY_MS, TimeUnit.MILLISECONDS);
                if (batch != null) {
                    roomMade();
                    dispatch(batch);
                }
            } catch (InterruptedException e) {
                if (accepting) {
                    log.warn("Delivery dispatcher interrupted; carrying on");
                }
            } catch (Exception e) {
                log.error("Delivery dispatcher failed on a batch; its orders are read again after a restart", e);
            }
        }
    }

    private void dispatch(List<Order> batch) throws Exception {
        AsyncProducer producer = producer();
        for (Order order : batch) {
            if (!order.receipt().owned()) {
                continue; // the queue gave it to another consumer, which sends it
            }
            // The slot is taken before the window: waiting for a free request slot delays the send,
            // not the intended time, so a slow target shows in the latency.
            long intended = slot(order.delivery().run());
            if (!accepting) {
                return; // stopping: orders not sent stay with the queue for another consumer
            }
            window.acquire();
            inFlight.incrementAndGet();
            unknownOutcomes.sending(order.delivery().run());
            send(producer, new Order(order.delivery().intendedAt(intended), order.receipt()), FIRST_BACKOFF_MS);
        }
    }

    /** The order's paced slot; while Redis cannot tell the run's pace, waits and asks again rather than drop the order. */
    private long slot(String run) throws InterruptedException {
        long backoff = FIRST_BACKOFF_MS;
        while (true) {
            try {
                return pacers.awaitSlot(run);
            } catch (RuntimeException e) {
                if (!accepting) {
                    return 0;
                }
                log.warn("No pace for run {} yet ({}); asking again in {} ms", run, e.toString(), backoff);
                TimeUnit.MILLISECONDS.sleep(backoff);
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
            }
        }
    }

    private void send(AsyncProducer producer, Order order, long backoff) {
        Delivery delivery = order.delivery();
        try {
            Exchange exchange = delivery.toExchange(camel);
            exchange.setProperty(Delivery.TRANSPORT, pacers.transport(delivery.run()));
            producer.process(exchange, doneSync -> {
                if (settle(exchange, order)) {
                    window.release();
                    inFlight.decrementAndGet();
                } else {
                    // Only when even the dead-letter topic refused it: hold the order (and its window slot) rather than lose it.
                    log.error("Order {} of run {} has no outcome (dead-letter topic unreachable?); trying it again in {} ms",
                            delivery.key(), delivery.run(), backoff);
                    sendLater(producer, order, backoff);
                }
            });
        } catch (RuntimeException e) {
            log.error("Order {} of run {} could not be sent ({}); trying it again in {} ms", delivery.key(), delivery.run(),
                    e.toString(), backoff);
            sendLater(producer, order, backoff);
        }
    }

    private void sendLater(AsyncProducer producer, Order order, long backoff) {
        timer.schedule(() -> send(producer, order, Math.min(backoff * 2, MAX_BACKOFF_MS)), backoff, TimeUnit.MILLISECONDS);
    }

    /** Notes where the order ended; false when it ended nowhere. */
    private boolean settle(Exchange exchange, Order order) {
        Delivery delivery = order.delivery();
        if (exchange.getException() != null) {
            log.warn("Order {} of run {} has no outcome: {}", delivery.key(), delivery.run(), exchange.getException().toString());
            return false;
        }
        String deadLetterReason = exchange.getProperty(Delivery.DEAD_LETTER_REASON, String.class);
        synchronized (outcomesLock) {
            outcomes.consumed(delivery.run());
            if (deadLetterReason == null) {
                outcomes.delivered(delivery.run(), delivery.seq(), Delivery.attempts(exchange));
            } else {
                outcomes.deadLettered(delivery.run(), delivery.seq(), deadLetterReason,
                        exchange.getProperty(Delivery.SUBMITTED, 0, Integer.class));
            }
            finished.add(order);
        }
        try {
            timings.record(delivery.run(), delivery.intendedNanos(), SendTimes.sentAt(exchange), deadLetterReason != null);
        } catch (RuntimeException e) {
            // The outcome is noted: a lost latency sample must not send the order again.
            log.warn("Latency of order {} not recorded: {}", delivery.key(), e.toString());
        }
        return true;
    }

    /**
     * Writes the outcomes finished since the last call to Redis and, once they are there, tells their
     * receipts. A consumer that dies while Redis is away has its orders read again (duplicates,
     * counted) rather than their outcomes lost.
     */
    public synchronized void recordFinished() {
        Tally tally;
        synchronized (outcomesLock) {
            tally = outcomes;
            outcomes = new Tally();
            unrecorded.addAll(finished);
            finished = new ArrayList<>();
        }
        if (tally.isEmpty() && accounting.settled()) {
            return;
        }
        if (accounting.record(tally)) {
            Map<String, Long> perRun = new HashMap<>();
            for (Order order : unrecorded) {
                order.receipt().recorded();
                perRun.merge(order.delivery().run(), 1L, Long::sum);
            }
            perRun.forEach(unknownOutcomes::recorded);
            unrecorded.clear();
            afterRecording.forEach(Runnable::run);
        }
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
