package io.hammer.engine.deliver;

/** A message that is not an order Hammer can send; dead-lettered at once, never retried. */
public class InvalidOrderException extends Exception {
    private final String reason;

    /** @param reason short category for metrics and the dead-letter header, e.g. {@code missing-field} */
    public InvalidOrderException(String reason, String detail) {
        super(detail, null, false, false); // expected under bad input: no stack trace to fill
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
