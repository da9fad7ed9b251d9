package io.hammer.engine.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.hammer.engine.pace.RateProfile;
import io.hammer.engine.pace.RateSegment;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A replay's default rate follows its recording: bursts and lulls kept, window by window. */
class ReplayRateTest {

    @Test
    void theRecordedBurstsAndLullsBecomeTheRunsRate() {
        long[] offsets = new long[15];
        for (int i = 0; i < 10; i++) {
            offsets[i] = i * 9_000; // ten orders in the first 100 ms
        }
        for (int i = 10; i < 15; i++) {
            offsets[i] = 300_000 + (i - 10) * 10_000; // nothing for 200 ms, then five
        }
        List<RateSegment> rate = ReplaySchedule.rate(offsets);
        assertThat(rate).extracting(RateSegment::perSecond).containsExactly(100.0, 0.0, 50.0);
        assertThat(rate).extracting(RateSegment::seconds).containsExactly(0.1, 0.2, 0.1);
        RateProfile profile = RateProfile.of(rate);
        assertThat(profile.cumulative(0.1)).isCloseTo(10, within(1e-9));
        assertThat(profile.cumulative(0.3)).isCloseTo(10, within(1e-9));
        assertThat(profile.cumulative(0.4)).isCloseTo(15, within(1e-9));
        assertThat(rate.get(rate.size() - 1).finalRate()).as("the run can end").isPositive();
    }

    @Test
    void aLongRecordingIsCoarsenedToAFewHundredSegments() {
        long[] offsets = new long[100_000];
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = (long) (3.6e9 * Math.sqrt(i / 100_000.0)); // an hour, ever denser
        }
        List<RateSegment> rate = ReplaySchedule.rate(offsets);
        assertThat(rate.size()).isBetween(100, ReplaySchedule.MAX_SEGMENTS + 1);
        assertThat(rate).allSatisfy(segment -> assertThat(segment.seconds()).isGreaterThanOrEqualTo(3.6));
        double total = rate.stream().mapToDouble(s -> s.perSecond() * s.seconds()).sum();
        assertThat(total).isCloseTo(100_000, within(1e-3));
    }
}
