package io.hammer.engine.generate;

import io.hammer.engine.HammerProperties;
import io.hammer.engine.run.InvalidRunException;
import io.hammer.engine.run.PayloadSpec;
import io.hammer.engine.run.RunSpec;
import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Refuses a run whose orders could be larger than consumers take ({@code hammer.consumer.max-order-bytes}):
 * accepted, every one of them would be dead-lettered as oversize (or refused by Kafka). Generation is a
 * function of the spec, so the largest order is known before any is made: the last one (widest sequence
 * number and time) with every random choice at its widest (longest symbol and time in force, highest
 * quantity and price, SELL, a limit order).
 */
@Component
public class OrderSizeCheck {
    /** Account numbers and the milliseconds of Time vary in width across orders; this covers them. */
    private static final int SLACK = 16;

    private final OrderGenerator generator;
    private final int maxOrderBytes;

    public OrderSizeCheck(OrderGenerator generator, HammerProperties properties) {
        this.generator = generator;
        this.maxOrderBytes = properties.consumer().maxOrderBytes();
    }

    /** @param spec with defaults applied and no other problem */
    public void check(RunSpec spec) {
        long largest = largestOrderBytes(spec);
        if (largest > maxOrderBytes) {
            PayloadSpec p = spec.payload();
            throw new InvalidRunException(400, "payload: orders of this spec take up to " + largest + " bytes, above the limit of "
                    + maxOrderBytes + " bytes per order (hammer.consumer.max-order-bytes); extraFields holds "
                    + p.extraFields().size() + " fields and dataBytes is " + p.dataBytes() + ": make them smaller");
        }
    }

    long largestOrderBytes(RunSpec spec) {
        PayloadSpec p = spec.payload();
        PayloadSpec widest = new PayloadSpec(p.name(), p.eventName(), List.of(longest(p.symbols())), p.priceMax(), p.priceMax(),
                p.quantityMax(), p.quantityMax(), 0.0, 0.0, List.of(longest(p.timeInForce())), p.accounts(), p.dataBytes(),
                p.extraFields(), p.epoch());
        RunSpec worst = new RunSpec(spec.runId(), spec.orders(), spec.seed(), widest);
        return generator.order(worst, spec.orders()).length + SLACK;
    }

    private static String longest(List<String> values) {
        return values.stream().max(Comparator.comparingInt(String::length)).orElse("");
    }
}
