package io.hammer.engine.produce;

import io.hammer.engine.HammerProperties;
import io.hammer.engine.account.Metrics;
import io.hammer.engine.generate.RunOrders;
import io.hammer.engine.run.OrderFields;
import io.hammer.engine.run.OrderKeys;
import io.hammer.engine.run.RunStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The produce stage's logic, called by the produce route: claim a chunk of some active run, turn it
 * into Kafka records (key = client order id, headers = run id and sequence), and record the outcome.
 */
@Component("chunkPublisher")
public class ChunkPublisher {
    public static final String RUN = "hammerRun";
    public static final String CHUNK = "hammerChunk";
    public static final String CHUNK_SIZE = "hammerChunkSize";
    private static final Logger log = LoggerFactory.getLogger(ChunkPublisher.class);

    private final RunStore store;
    private final RunOrders runOrders;
    private final Metrics metrics;
    private final long leaseMillis;
    private final int maxAttempts;

    public ChunkPublisher(RunStore store, RunOrders runOrders, Metrics metrics, HammerProperties properties) {
        this.store = store;
        this.runOrders = runOrders;
        this.metrics = metrics;
        this.leaseMillis = properties.producer().lease().toMillis();
        this.maxAttempts = properties.producer().maxAttempts();
    }

    /** Sets the body to the records of a newly claimed chunk, or clears the chunk header when there is no work. */
    public void claim(Exchange exchange) {
        Message in = exchange.getMessage();
        in.removeHeaders("hammer*");
        List<String> runs = new ArrayList<>(store.activeRuns());
        Collections.shuffle(runs); // producers spread over concurrent runs instead of all piling onto one
        for (String run : runs) {
            long chunk;
            while ((chunk = store.claim(run, leaseMillis)) > 0) {
                List<byte[]> orders = orders(run, chunk);
                if (orders.isEmpty()) {
                    continue; // finished by the producer whose lease had expired, just now
                }
                List<Message> records = records(exchange, run, orders);
                in.setHeader(RUN, run);
                in.setHeader(CHUNK, chunk);
                in.setHeader(CHUNK_SIZE, records.size());
                in.setBody(records);
                return;
            }
        }
        in.setBody(null);
    }

    /**
     * The chunk's orders: from Redis, or, when a generated run's generator is behind, made from the
     * seed here. Empty when another producer finished (and dropped) the chunk meanwhile.
     */
    private List<byte[]> orders(String run, long chunk) {
        List<byte[]> orders = store.chunk(run, chunk);
        if (!orders.isEmpty() || store.isFinished(run, chunk)) {
            return orders;
        }
        orders = runOrders.generate(run, chunk);
        if (orders.isEmpty()) {
            throw new IllegalStateException("run " + run + ": chunk " + chunk + " is not in Redis");
        }
        return orders;
    }

    public void published(Exchange exchange) {
        String run = exchange.getMessage().getHeader(RUN, String.class);
        int size = exchange.getMessage().getHeader(CHUNK_SIZE, Integer.class);
        store.finish(run, exchange.getMessage().getHeader(CHUNK, Long.class), size, true, maxAttempts);
        metrics.produced(run, size);
    }

    /** Kafka refused the chunk: give it back for another attempt, or give up on it after too many. */
    public void failed(Exchange exchange) {
        Message in = exchange.getMessage();
        String run = in.getHeader(RUN, String.class);
        long chunk = in.getHeader(CHUNK, Long.class);
        int size = in.getHeader(CHUNK_SIZE, Integer.class);
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        metrics.producerErrors(run, size);
        if (store.finish(run, chunk, size, false, maxAttempts)) {
            metrics.producerFailed(run, size);
            log.error("Run {}: chunk {} ({} orders) failed {} times, counted as producer-failed: {}", run, chunk, size,
                    maxAttempts, String.valueOf(cause));
        } else {
            log.warn("Run {}: chunk {} not published, handed back for another attempt: {}", run, chunk, String.valueOf(cause));
        }
    }

    private static List<Message> records(Exchange exchange, String run, List<byte[]> orders) {
        List<Message> records = new ArrayList<>(orders.size());
        for (byte[] order : orders) {
            OrderKeys keys = OrderKeys.read(order);
            Message record = new DefaultMessage(exchange);
            record.setBody(order);
            record.setHeader(KafkaConstants.KEY, keys.clOrdId());
            record.setHeader(OrderFields.RUN_HEADER, run);
            if (keys.seq() != null) {
                record.setHeader(OrderFields.SEQ_HEADER, keys.seq().toString());
            }
            records.add(record);
        }
        return records;
    }
}
