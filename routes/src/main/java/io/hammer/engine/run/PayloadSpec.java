package io.hammer.engine.run;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What generated orders look like. Every field is optional in a run spec; {@link #withDefaults()}
 * fills the gaps. {@code extraFields} are copied as-is into every order (targets differ).
 */
public record PayloadSpec(
        String name,
        String eventName,
        List<String> symbols,
        BigDecimal priceMin,
        BigDecimal priceMax,
        Long quantityMin,
        Long quantityMax,
        Double buyRatio,
        Double marketRatio,
        List<String> timeInForce,
        Integer accounts,
        Integer dataBytes,
        Map<String, String> extraFields,
        Instant epoch) {

    public static final PayloadSpec DEFAULT = new PayloadSpec(null, null, null, null, null, null, null, null, null,
            null, null, null, null, null).withDefaults();

    public PayloadSpec withDefaults() {
        return new PayloadSpec(
                Objects.requireNonNullElse(name, "hammer"),
                Objects.requireNonNullElse(eventName, "NewOrderSingle"),
                symbols == null || symbols.isEmpty() ? List.of("AAPL", "MSFT", "AMZN", "GOOG", "TSLA", "NVDA", "META", "JPM") : symbols,
                Objects.requireNonNullElse(priceMin, new BigDecimal("10.00")),
                Objects.requireNonNullElse(priceMax, new BigDecimal("500.00")),
                Objects.requireNonNullElse(quantityMin, 1L),
                Objects.requireNonNullElse(quantityMax, 1000L),
                Objects.requireNonNullElse(buyRatio, 0.5),
                Objects.requireNonNullElse(marketRatio, 0.1),
                timeInForce == null || timeInForce.isEmpty() ? List.of("DAY", "GTC", "IOC") : timeInForce,
                Objects.requireNonNullElse(accounts, 100),
                Objects.requireNonNullElse(dataBytes, 32),
                extraFields == null ? Map.of() : new TreeMap<>(extraFields),
                Objects.requireNonNullElse(epoch, Instant.parse("2026-01-01T00:00:00Z")));
    }

    /** Problems with the settings, empty when usable; expects {@link #withDefaults()} first. */
    public List<String> problems() {
        var problems = new java.util.ArrayList<String>();
        if (priceMin.signum() <= 0 || priceMax.compareTo(priceMin) < 0) {
            problems.add("payload.priceMin must be > 0 and <= payload.priceMax");
        }
        if (quantityMin <= 0 || quantityMax < quantityMin) {
            problems.add("payload.quantityMin must be > 0 and <= payload.quantityMax");
        }
        if (buyRatio < 0 || buyRatio > 1 || marketRatio < 0 || marketRatio > 1) {
            problems.add("payload.buyRatio and payload.marketRatio must be between 0 and 1");
        }
        if (accounts <= 0 || dataBytes < 0 || dataBytes > 60_000) {
            problems.add("payload.accounts must be > 0 and payload.dataBytes between 0 and 60000");
        }
        for (String tif : timeInForce) {
            if (!OrderFields.TIME_IN_FORCE.contains(tif)) {
                problems.add("payload.timeInForce: unknown value " + tif + ", expected one of " + OrderFields.TIME_IN_FORCE);
            }
        }
        return problems;
    }
}
