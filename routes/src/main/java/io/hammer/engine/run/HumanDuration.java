package io.hammer.engine.run;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them: {@code 10m}, {@code 30s}, {@code 1h30m}, {@code 500ms}, {@code 2d},
 * {@code 1.5h}; ISO-8601 ({@code PT10M}) is still accepted. Used by the command line's options and the
 * run spec's {@code duration}.
 */
public final class HumanDuration {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");
    private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:\\.\\d+)?(?:ms|s|m|h|d))+");

    private HumanDuration() {
    }

    /** @throws IllegalArgumentException naming the expected forms */
    public static Duration parse(String text) {
        String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (value.startsWith("p") || value.startsWith("-p")) {
            try {
                return Duration.parse(value.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw invalid(text);
            }
        }
        if (!WHOLE.matcher(value).matches()) {
            throw invalid(text);
        }
        Duration total = Duration.ZERO;
        Matcher part = PART.matcher(value);
        while (part.find()) {
            BigDecimal amount = new BigDecimal(part.group(1));
            BigDecimal nanosPerUnit = BigDecimal.valueOf(switch (part.group(2)) {
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                default -> 86_400_000_000_000L;
            });
            try {
                total = total.plusNanos(amount.multiply(nanosPerUnit).setScale(0, RoundingMode.HALF_UP).longValueExact());
            } catch (ArithmeticException e) {
                throw invalid(text);
            }
        }
        return total;
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("'" + text + "' is not a duration: write e.g. 10m, 30s, 1h30m, 500ms or PT10M");
    }
}
