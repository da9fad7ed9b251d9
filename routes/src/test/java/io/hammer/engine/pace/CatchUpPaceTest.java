package io.hammer.engine.pace;

import static org.assertj.core.api.Assertions.assertThat;

import io.hammer.engine.run.CatchUp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The catch-up policy's arithmetic: on schedule it never bites; behind, it spaces sends by 1 / (maxFactor x rate). */
class CatchUpPaceTest {
    private static final long SECOND = 1_000_000_000L;
    private static final double RATE = 100;

    @Test
    void onScheduleEveryOrderGoesAtItsIntendedTime() {
        CatchUpPace pace = new CatchUpPace(CatchUp.DEFAULT);
        for (int slot = 0; slot < 500; slot++) {
            long intended = slot * SECOND / 100;
            assertThat(pace.sendAt(intended, RATE, intended - SECOND / 1000)).isEqualTo(intended);
        }
    }

    @Test
    void afterAStallTheBacklogGoesAtMostTwiceTheRateUntilTheScheduleIsMet() {
        CatchUpPace pace = new CatchUpPace(CatchUp.DEFAULT);
        // 1 s on schedule, then a 2 s stall: at 3 s, the 200 slots of 1 s .. 3 s are overdue.
        // The dispatcher asks for the next slot as soon as it sent the previous one.
        List<Long> sends = new ArrayList<>();
        long previous = 0;
        for (int slot = 0; slot < 600; slot++) {
            long intended = slot * SECOND / 100;
            long now = slot < 100 ? intended : Math.max(3 * SECOND, previous);
            long at = pace.sendAt(intended, RATE, now);
            assertThat(at).isGreaterThanOrEqualTo(intended);
            sends.add(at);
            previous = at;
        }
        // From 3 s on, no second holds more than 2 x 100 sends...
        for (long from = 3 * SECOND; from < 7 * SECOND; from += SECOND / 10) {
            long start = from;
            long inWindow = sends.stream().filter(t -> t >= start && t < start + SECOND).count();
            assertThat(inWindow).as("sends in [%d ms, +1 s)", from / 1_000_000).isLessThanOrEqualTo(201);
        }
        // ...and the backlog is gone after 2 s of catching up at a net 100 a second: slot 500 (due at 5 s) goes on time.
        assertThat(sends.get(500)).isEqualTo(5 * SECOND);
        assertThat(sends.get(599)).isEqualTo(599 * SECOND / 100);
    }

    @Test
    void unboundedSendsTheWholeBacklogAtOnce() {
        CatchUpPace pace = new CatchUpPace(CatchUp.UNBOUNDED);
        pace.sendAt(0, RATE, 0);
        // Every slot overdue at 3 s goes at 3 s.
        for (int slot = 1; slot <= 200; slot++) {
            assertThat(pace.sendAt(slot * SECOND / 100, RATE, 3 * SECOND)).isEqualTo(3 * SECOND);
        }
    }

    @Test
    void theRunSpecAcceptsAFactorOrUnboundedAndNamesTheFieldOtherwise() {
        assertThat(CatchUp.of("unbounded").unbounded()).isTrue();
        assertThat(CatchUp.of(java.util.Map.of("maxFactor", 3)).maxFactor()).isEqualTo(3.0);
        assertThat(CatchUp.of(null)).isEqualTo(CatchUp.DEFAULT);
        assertThat(CatchUp.of("fast").problems()).singleElement().asString().contains("catchUp");
        assertThat(CatchUp.of(java.util.Map.of("maxFactor", 1)).problems()).singleElement().asString().contains("catchUp");
        assertThat(CatchUp.DEFAULT.problems()).isEmpty();
    }
}
