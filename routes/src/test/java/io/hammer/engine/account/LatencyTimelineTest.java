package io.hammer.engine.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;

/** Seconds of sending from several pods, through a real Redis: summed per second, and an interval log HdrHistogram reads. */
class LatencyTimelineTest extends RedisTestSupport {
    private static final long T0 = 1_800_000_000L; // an epoch second

    @Test
    void twoPodsSecondsAreSummedBySecondOfSending() {
        String run = "seconds-" + System.nanoTime();
        LatencyTimeline podA = new LatencyTimeline(redis.template(), "pod-a", Clock.systemUTC());
        LatencyTimeline podB = new LatencyTimeline(redis.template(), "pod-b", Clock.systemUTC());
        // Second T0: 100 orders from A at 1 ms, 100 from B at 50 ms, 5 of B's dead-lettered; second T0+1: 10 from A.
        for (int i = 0; i < 100; i++) {
            podA.record(run, at(T0, i * 9), ms(1), true, false);
            podB.record(run, at(T0, i * 9), ms(50), true, i < 5);
        }
        podA.publishChanged();
        for (int i = 0; i < 10; i++) {
            podA.record(run, at(T0 + 1, i * 90), ms(2), true, false);
        }
        // An order that never reached the target (invalid) counts in latency and errors, not in the rate.
        podB.record(run, at(T0 + 1, 500), ms(0), false, true);
        podA.publishChanged();
        podB.publishChanged();

        NavigableMap<Long, LatencyTimeline.Figures> seconds = new LatencyTimeline(redis.template(), "reader", Clock.systemUTC()).merged(run);
        assertThat(seconds.keySet()).containsExactly(T0, T0 + 1);
        LatencyTimeline.Figures first = seconds.get(T0);
        assertThat(first.sent()).isEqualTo(200);
        assertThat(first.deadLettered()).isEqualTo(5);
        assertThat(first.latency().getTotalCount()).isEqualTo(200);
        assertThat(first.latency().getValueAtPercentile(25) / 1000.0).isCloseTo(1, org.assertj.core.data.Percentage.withPercentage(2));
        assertThat(first.latency().getValueAtPercentile(99) / 1000.0).isCloseTo(50, org.assertj.core.data.Percentage.withPercentage(2));
        LatencyTimeline.Figures second = seconds.get(T0 + 1);
        assertThat(second.sent()).isEqualTo(10);
        assertThat(second.deadLettered()).isEqualTo(1);
        assertThat(second.latency().getTotalCount()).isEqualTo(11);

        // Live figures read only the seconds asked for, from the pods named.
        assertThat(podA.merged(run, Set.of("pod-a", "pod-b"), T0 + 1, T0 + 5).keySet()).containsExactly(T0 + 1);
    }

    @Test
    void theIntervalLogIsReadBackByHdrHistogramsOwnReader() {
        String run = "hlog-" + System.nanoTime();
        LatencyTimeline pod = new LatencyTimeline(redis.template(), "pod-a", Clock.systemUTC());
        Histogram all = new Histogram(LatencyTimeline.SIGNIFICANT_DIGITS);
        for (int second = 0; second < 5; second++) {
            for (int i = 0; i < 100 * (second + 1); i++) {
                long micros = 200 + 1_000L * second + i;
                pod.record(run, at(T0 + second, i), TimeUnit.MICROSECONDS.toNanos(micros), true, false);
                all.recordValue(micros);
            }
        }
        pod.publishChanged();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        pod.writeLog(run, log);

        HistogramLogReader reader = new HistogramLogReader(new ByteArrayInputStream(log.toByteArray()));
        List<Histogram> intervals = new ArrayList<>();
        for (EncodableHistogram interval = reader.nextIntervalHistogram(); interval != null; interval = reader.nextIntervalHistogram()) {
            intervals.add((Histogram) interval);
        }
        assertThat(reader.getStartTimeSec()).isEqualTo(T0);
        assertThat(intervals).hasSize(5);
        assertThat(intervals).extracting(Histogram::getTotalCount).containsExactly(100L, 200L, 300L, 400L, 500L);
        assertThat(intervals).extracting(Histogram::getStartTimeStamp)
                .containsExactly(T0 * 1000, (T0 + 1) * 1000, (T0 + 2) * 1000, (T0 + 3) * 1000, (T0 + 4) * 1000);
        Histogram sum = new Histogram(LatencyTimeline.SIGNIFICANT_DIGITS);
        intervals.forEach(sum::add);
        assertThat(sum.getTotalCount()).isEqualTo(1_500);
        assertThat(sum.getMaxValue()).isEqualTo(all.getMaxValue());
    }

    private static long at(long epochSecond, int millis) {
        return TimeUnit.SECONDS.toNanos(epochSecond) + TimeUnit.MILLISECONDS.toNanos(millis);
    }

    private static long ms(int millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }
}
