package io.hammer.engine.deliver.fix;

/**
 * A FIX order that ended without being accepted: rejected by the target ({@code fix-rejected},
 * {@code fix-session-reject}, {@code fix-business-reject}), never answered ({@code unanswered}), or
 * not sendable here ({@code fix-unavailable}). Dead-lettered at once, never retried.
 */
public class FixOutcomeException extends Exception {
    private final String reason;
    private final int sent;

    /** @param sent how many times the order went out on a session (0: never) */
    public FixOutcomeException(String reason, String detail, int sent) {
        super(detail, null, false, false);
        this.reason = reason;
        this.sent = sent;
    }

    public String reason() {
        return reason;
    }

    public int sent() {
        return sent;
    }
}
