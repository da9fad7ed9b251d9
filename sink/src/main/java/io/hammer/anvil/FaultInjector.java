package io.hammer.anvil;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * Makes Anvil misbehave on purpose, for tests and demos of Hammer's retry and dead-letter policy:
 * the next {@code count} requests (or all, with -1) wait {@code delayMs} and then either fail with
 * {@code status} or, without a status, are handled normally (a slow target).
 */
@Component
public class FaultInjector {
    private final AtomicReference<Active> active = new AtomicReference<>();

    public record Fault(Integer status, Long delayMs, Long count) {
        /** Problems with the fault, empty when it can be injected. */
        public List<String> problems() {
            List<String> problems = new ArrayList<>();
            if (status == null && (delayMs == null || delayMs == 0)) {
                problems.add("a fault needs a status, a delayMs, or both");
            }
            if (status != null && (status < 400 || status > 599)) {
                problems.add("status must be an HTTP error status between 400 and 599");
            }
            if (delayMs != null && (delayMs < 0 || delayMs > 600_000)) {
                problems.add("delayMs must be between 0 and 600000");
            }
            if (count == null || (count != -1 && count < 1)) {
                problems.add("count must be a positive number of requests, or -1 for every request until cleared");
            }
            return problems;
        }

        long delay() {
            return delayMs == null ? 0 : delayMs;
        }
    }

    private record Active(Fault fault, AtomicLong remaining) {
    }

    public void inject(Fault fault) {
        active.set(new Active(fault, new AtomicLong(fault.count())));
    }

    public void clear() {
        active.set(null);
    }

    public Optional<Fault> current() {
        Active current = active.get();
        return current == null || current.remaining.get() == 0 ? Optional.empty() : Optional.of(current.fault);
    }

    /** The fault this request suffers, if any, counting it against the fault's {@code count}. */
    public Optional<Fault> take() {
        Active current = active.get();
        if (current == null) {
            return Optional.empty();
        }
        if (current.fault.count() == -1) {
            return Optional.of(current.fault);
        }
        long left = current.remaining.getAndUpdate(n -> n > 0 ? n - 1 : 0);
        return left > 0 ? Optional.of(current.fault) : Optional.empty();
    }

    /** Applies the fault's delay; @return the status to fail with, if the fault has one. */
    public static Optional<Integer> apply(Fault fault) throws InterruptedException {
        if (fault.delay() > 0) {
            Thread.sleep(fault.delay());
        }
        return Optional.ofNullable(fault.status());
    }
}
