package io.hammer.engine.pace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The schedule of intended send times is the exact inverse of the orders due over time. */
class RateProfileTest {
    private static final double EPSILON = 1e-9;

    @Test
    void aConstantRateSpacesOrdersEvenly() {
        RateProfile profile = RateProfile.constant(100);
        assertThat(profile.timeOf(0)).isZero();
        assertThat(profile.timeOf(1)).isCloseTo(0.01, within(EPSILON));
        assertThat(profile.timeOf(12_345)).isCloseTo(123.45, within(EPSILON));
        assertThat(profile.cumulative(2.5)).isCloseTo(250, within(EPSILON));
        assertThat(profile.rateAt(1_000)).isEqualTo(100);
    }

    @Test
    void aRampFollowsTheIntegralOfALinearRateThenHoldsItsFinalRate() {
        RateProfile profile = RateProfile.of(List.of(RateSegment.ramp(0, 100, 10)));
        // Due by t: 100 t^2 / 20 = 5 t^2, so the n-th order is due at sqrt(n / 5).
        assertThat(profile.cumulative(10)).isCloseTo(500, within(EPSILON));
        assertThat(profile.timeOf(5)).isCloseTo(1, within(EPSILON));
        assertThat(profile.timeOf(125)).isCloseTo(5, within(EPSILON));
        assertThat(profile.rateAt(5)).isCloseTo(50, within(EPSILON));
        assertThat(profile.timeOf(500)).isCloseTo(10, within(EPSILON));
        assertThat(profile.timeOf(600)).isCloseTo(11, within(EPSILON));
        assertThat(profile.rateAt(60)).isEqualTo(100);
    }

    @Test
    void aDownwardRampIsExactToo() {
        RateProfile profile = RateProfile.of(List.of(RateSegment.ramp(200, 100, 10)));
        // Due by t: 200 t - 5 t^2.
        assertThat(profile.cumulative(4)).isCloseTo(720, within(EPSILON));
        assertThat(profile.timeOf(720)).isCloseTo(4, within(EPSILON));
        assertThat(profile.timeOf(1_500)).isCloseTo(10, within(EPSILON));
    }

    @Test
    void stepsHoldEachRateForAnEqualShareOfTheTime() {
        RateProfile profile = RateProfile.of(List.of(RateSegment.steps(100, 400, 4, 4)));
        // 100, 200, 300, 400 orders/s for one second each.
        assertThat(profile.rateAt(0.5)).isEqualTo(100);
        assertThat(profile.rateAt(2.5)).isEqualTo(300);
        assertThat(profile.timeOf(100)).isCloseTo(1, within(EPSILON));
        assertThat(profile.timeOf(150)).isCloseTo(1.25, within(EPSILON));
        assertThat(profile.cumulative(4)).isCloseTo(1_000, within(EPSILON));
        assertThat(profile.timeOf(1_040)).isCloseTo(4.1, within(EPSILON));
    }

    @Test
    void segmentsChainOneAfterTheOther() {
        RateProfile profile = RateProfile.of(List.of(RateSegment.constant(50, 2.0), RateSegment.constant(0, 1.0),
                RateSegment.ramp(100, 300, 2)));
        assertThat(profile.cumulative(2)).isCloseTo(100, within(EPSILON));
        assertThat(profile.cumulative(3)).isCloseTo(100, within(EPSILON));
        // No order is due while the rate is 0: the 101st waits for the ramp.
        assertThat(profile.timeOf(100.5)).isGreaterThan(3);
        assertThat(profile.cumulative(5)).isCloseTo(500, within(EPSILON));
        assertThat(profile.timeOf(800)).isCloseTo(6, within(EPSILON));
    }

    @Test
    void aLiveChangeKeepsWhatWasDueAndAppliesTheNewRateFromItsInstant() {
        RateProfile changed = RateProfile.constant(100).changedAt(5, 400);
        assertThat(changed.cumulative(5)).isCloseTo(500, within(EPSILON));
        assertThat(changed.timeOf(499)).isCloseTo(4.99, within(EPSILON));
        assertThat(changed.timeOf(900)).isCloseTo(6, within(EPSILON));
        assertThat(changed.rateAt(4)).isEqualTo(100);
        assertThat(changed.rateAt(7)).isEqualTo(400);
        RateProfile rampChanged = RateProfile.of(List.of(RateSegment.ramp(0, 100, 10))).changedAt(4, 10);
        assertThat(rampChanged.cumulative(4)).isCloseTo(80, within(EPSILON));
        assertThat(rampChanged.timeOf(90)).isCloseTo(5, within(EPSILON));
    }

    @Test
    void aPauseDuesNothingThenTheProfileGoesOnWhereItStopped() {
        RateProfile paused = RateProfile.constant(100).pausedBetween(5, 8);
        assertThat(paused.cumulative(5)).isCloseTo(500, within(EPSILON));
        assertThat(paused.cumulative(7.5)).isCloseTo(500, within(EPSILON));
        assertThat(paused.rateAt(6)).isZero();
        assertThat(paused.timeOf(500.5)).isCloseTo(8.005, within(EPSILON));
        assertThat(paused.cumulative(9)).isCloseTo(600, within(EPSILON));

        RateProfile ramp = RateProfile.of(List.of(RateSegment.ramp(0, 100, 10))).pausedBetween(4, 6);
        assertThat(ramp.cumulative(6)).isCloseTo(80, within(EPSILON));
        // Two seconds later than without the pause, the ramp is where it would have been at 6 s.
        assertThat(ramp.cumulative(8)).isCloseTo(180, within(EPSILON));
        assertThat(ramp.rateAt(7)).isCloseTo(50, within(EPSILON));
        assertThat(ramp.timeOf(500)).isCloseTo(12, within(EPSILON));

        RateProfile onBoundary = RateProfile.of(List.of(RateSegment.constant(50, 2.0), RateSegment.constant(100, null)))
                .pausedBetween(2, 3);
        assertThat(onBoundary.cumulative(3)).isCloseTo(100, within(EPSILON));
        assertThat(onBoundary.cumulative(4)).isCloseTo(200, within(EPSILON));
    }

    @Test
    void badSegmentsAreNamedInTheirProblems() {
        assertThat(new RateSegment("sine", null, null, null, null, null).problems("rate[0]"))
                .containsExactly("rate[0].type must be constant, ramp or steps, was sine");
        assertThat(RateSegment.ramp(-1, 100, 10).problems("rate[1]")).singleElement().asString().startsWith("rate[1].from must be");
        assertThat(new RateSegment("ramp", null, 1.0, 2.0, null, null).problems("r")).contains("r.seconds is required for a ramp");
        assertThat(RateSegment.steps(1, 2, 0, 10).problems("s")).contains("s.steps must be between 1 and 10000");
        assertThat(RateSegment.constant(20_000_000, null).problems("c")).hasSize(1);
        assertThat(RateSegment.constant(500, 30.0).problems("c")).isEmpty();
    }
}
