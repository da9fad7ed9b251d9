package io.hammer.engine.generate;

import static io.hammer.engine.run.OrderFields.*;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.hammer.engine.run.PayloadSpec;
import io.hammer.engine.run.RunSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.springframework.stereotype.Component;

/**
 * Turns (spec, sequence number) into the bytes of one order. Each order has its own random stream
 * derived from the seed and its sequence number, so any chunk can be generated alone, in any order,
 * by any pod, and still give the same bytes.
 */
@Component
public class OrderGenerator {
    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private final JsonFactory json = new JsonFactory();

    /** Chunk {@code chunk} (from 1) of the run: orders {@code (chunk - 1) * chunkSize + 1} to {@code chunk * chunkSize}, or to the run's last. */
    public List<byte[]> chunk(RunSpec spec, long chunk, int chunkSize) {
        long first = (chunk - 1) * chunkSize + 1;
        long last = Math.min(chunk * chunkSize, spec.orders());
        List<byte[]> orders = new ArrayList<>((int) Math.max(0, last - first + 1));
        for (long seq = first; seq <= last; seq++) {
            orders.add(order(spec, seq));
        }
        return orders;
    }

    public byte[] order(RunSpec spec, long seq) {
        PayloadSpec p = spec.payload();
        SplittableRandom random = new SplittableRandom(mix(spec.seed(), seq));
        String clOrdId = clOrdId(spec.runId(), seq);
        boolean market = random.nextDouble() < p.marketRatio();
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + p.dataBytes());
        try (JsonGenerator g = json.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            // The original system's fields first: existing targets read these.
            g.writeStringField("Name", p.name());
            g.writeStringField("ID", clOrdId);
            g.writeStringField("Time", p.epoch().plusMillis(seq).toString());
            g.writeStringField("Data", randomText(random, p.dataBytes()));
            g.writeStringField("Eventname", p.eventName());
            g.writeStringField(CL_ORD_ID, clOrdId);
            g.writeStringField(RUN_ID, spec.runId());
            g.writeNumberField(SEQ, seq);
            g.writeStringField(SYMBOL, p.symbols().get(random.nextInt(p.symbols().size())));
            g.writeStringField(SIDE, random.nextDouble() < p.buyRatio() ? "BUY" : "SELL");
            g.writeNumberField(QUANTITY, p.quantityMin() + random.nextLong(p.quantityMax() - p.quantityMin() + 1));
            if (!market) {
                g.writeNumberField(PRICE, price(random, p.priceMin(), p.priceMax()));
            }
            g.writeStringField(ORDER_TYPE, market ? "MARKET" : "LIMIT");
            g.writeStringField(TIME_IN_FORCE_FIELD, p.timeInForce().get(random.nextInt(p.timeInForce().size())));
            g.writeStringField(ACCOUNT, String.format("ACC-%04d", 1 + random.nextInt(p.accounts())));
            for (Map.Entry<String, String> extra : p.extraFields().entrySet()) {
                g.writeStringField(extra.getKey(), extra.getValue());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A price on a cent grid between min and max, inclusive. */
    private static BigDecimal price(SplittableRandom random, BigDecimal min, BigDecimal max) {
        long minCents = min.movePointRight(2).setScale(0, RoundingMode.CEILING).longValueExact();
        long maxCents = max.movePointRight(2).setScale(0, RoundingMode.FLOOR).longValueExact();
        return BigDecimal.valueOf(minCents + random.nextLong(Math.max(1, maxCents - minCents + 1)), 2);
    }

    private static String randomText(SplittableRandom random, int length) {
        char[] text = new char[length];
        for (int i = 0; i < length; i++) {
            text[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(text);
    }

    /** SplitMix64 finaliser over seed and sequence: neighbouring orders get unrelated streams. */
    static long mix(long seed, long seq) {
        long z = seed + seq * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
