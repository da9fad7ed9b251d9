package io.hammer.engine.pace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A pod's share of a run's schedule: exact slots, live changes from their instant, re-split shares. */
class ScheduleTest {
    private static final double EPSILON = 1e-9;

    @Test
    void slotsFollowTheProfileWhenThisPodServesTheWholeRun() {
        Schedule schedule = new Schedule(RateProfile.constant(200), 1);
        for (int slot = 0; slot < 1_000; slot++) {
            assertThat(schedule.nextSlot()).isCloseTo(slot / 200.0, within(EPSILON));
        }
    }

    @Test
    void twoPodsWithHalfEachAddUpToTheRunsRate() {
        Schedule a = new Schedule(RateProfile.constant(100), 0.5);
        Schedule b = new Schedule(RateProfile.constant(100), 0.5);
        List<Double> all = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            all.add(a.nextSlot());
            all.add(b.nextSlot());
        }
        // Each pod sends every 20 ms; together, 100 orders in each second.
        assertThat(all.stream().filter(t -> t < 1).count()).isEqualTo(100);
        assertThat(all.stream().filter(t -> t >= 3 && t < 4).count()).isEqualTo(100);
    }

    @Test
    void aLiveRateChangeMovesTheScheduleFromThatInstant() {
        Schedule schedule = new Schedule(RateProfile.constant(100), 1);
        for (int slot = 0; slot < 300; slot++) {
            schedule.nextSlot(); // 0 .. 2.99 s
        }
        schedule.change(RateProfile.constant(100).changedAt(5, 1_000), 1, 5);
        // Slots already due under the old rate keep their times...
        assertThat(schedule.nextSlot()).isCloseTo(3.0, within(EPSILON));
        for (int slot = 301; slot < 500; slot++) {
            schedule.nextSlot();
        }
        // ... and from the change on, one every millisecond.
        assertThat(schedule.nextSlot()).isCloseTo(5.0, within(EPSILON));
        assertThat(schedule.nextSlot()).isCloseTo(5.001, within(EPSILON));
        assertThat(schedule.rateAt(6)).isEqualTo(1_000);
    }

    @Test
    void whenAPodLeavesTheOtherTakesItsShareFromThatInstant() {
        Schedule survivor = new Schedule(RateProfile.constant(100), 0.5);
        assertThat(survivor.nextSlot()).isZero();
        assertThat(survivor.nextSlot()).isCloseTo(0.02, within(EPSILON));
        // At 10 s this pod has had 500 orders due; then it serves the whole run.
        survivor.change(RateProfile.constant(100), 1, 10);
        for (int slot = 2; slot < 500; slot++) {
            assertThat(survivor.nextSlot()).isCloseTo(slot * 0.02, within(EPSILON));
        }
        assertThat(survivor.nextSlot()).isCloseTo(10.0, within(EPSILON));
        assertThat(survivor.nextSlot()).isCloseTo(10.01, within(EPSILON));
        assertThat(survivor.share()).isEqualTo(1);
    }

    @Test
    void whenAPodJoinsTheFirstOneHandsOverHalf() {
        Schedule first = new Schedule(RateProfile.constant(100), 1);
        first.change(RateProfile.constant(100), 0.5, 2); // 200 orders due at 2 s
        Schedule joiner = new Schedule(RateProfile.constant(100), 0.5);
        joiner.change(RateProfile.constant(100), 0.5, 2);
        for (int slot = 0; slot < 200; slot++) {
            first.nextSlot();
        }
        // Together, from 2 s on: 100 orders a second, 50 from each.
        assertThat(first.nextSlot()).isCloseTo(2.0, within(EPSILON));
        assertThat(first.nextSlot()).isCloseTo(2.02, within(EPSILON));
    }

    @Test
    void afterAPauseTheScheduleGoesOnWhereItStoppedWithNothingToCatchUp() {
        Schedule schedule = new Schedule(RateProfile.constant(100), 1);
        for (int slot = 0; slot < 300; slot++) {
            schedule.nextSlot(); // up to 2.99 s; paused at 3 s, resumed at 5 s
        }
        schedule.change(RateProfile.constant(100).pausedBetween(3, 5), 1, 5);
        assertThat(schedule.nextSlot()).isCloseTo(5.0, within(EPSILON));
        assertThat(schedule.nextSlot()).isCloseTo(5.01, within(EPSILON));
    }

    @Test
    void aSlotTakenLateKeepsItsIntendedTime() {
        Schedule schedule = new Schedule(RateProfile.constant(10), 1);
        schedule.nextSlot();
        // Whenever the next order turns up (the target was slow, the window full), its slot is 0.1 s.
        assertThat(schedule.nextSlot()).isCloseTo(0.1, within(EPSILON));
    }
}
