package io.hammer.engine.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** Latency histograms of several pods, through a real Redis, merge into exactly the histogram of all samples. */
class LatencyHistogramsTest extends RedisTestSupport {
    @Test
    void theMergeOfTwoPodsEqualsTheHistogramOfAllSamples() {
        String run = "latency-" + System.nanoTime();
        LatencyHistograms podA = new LatencyHistograms(redis.template(), "pod-a");
        LatencyHistograms podB = new LatencyHistograms(redis.template(), "pod-b");
        Histogram all = LatencyHistograms.empty();
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 50_000; i++) {
            // Pod B is the slow one: its samples sit far to the right of pod A's.
            boolean slow = i % 5 == 0;
            long micros = slow ? 20_000 + random.nextLong(500_000) : 100 + random.nextLong(2_000);
            (slow ? podB : podA).record(run, Measure.LATENCY, false, TimeUnit.MICROSECONDS.toNanos(micros));
            all.recordValue(micros);
            if (i % 10_000 == 0) {
                podA.publish(List.of(run)); // published mid-run, then again: replaced, not added
            }
        }
        podA.publish(List.of(run));
        podB.publish(List.of(run));

        Histogram merged = new LatencyHistograms(redis.template(), "reader").merged(run);
        assertThat(merged.getTotalCount()).isEqualTo(50_000);
        assertThat(merged).isEqualTo(all);
        for (double percentile : new double[] {50, 90, 99, 99.9, 99.99, 100}) {
            assertThat(merged.getValueAtPercentile(percentile)).as("p%s", percentile)
                    .isEqualTo(all.getValueAtPercentile(percentile));
        }
        // An average of the two pods' p99s would say about 250 ms; the run's p99 is the slow pod's tail.
        assertThat(LatencySummary.of(merged).p99()).isGreaterThan(400);
    }

    @Test
    void eachMeasureAndTheWarmUpAreKeptApart() {
        String run = "measures-" + System.nanoTime();
        LatencyHistograms pod = new LatencyHistograms(redis.template(), "pod-a");
        for (int i = 0; i < 100; i++) {
            pod.record(run, Measure.LATENCY, true, TimeUnit.MILLISECONDS.toNanos(900)); // a slow start
            pod.record(run, Measure.LATENCY, false, TimeUnit.MILLISECONDS.toNanos(30));
            pod.record(run, Measure.SERVICE_TIME, false, TimeUnit.MILLISECONDS.toNanos(29));
            pod.record(run, Measure.SEND_DELAY, false, TimeUnit.MILLISECONDS.toNanos(1));
        }
        pod.publishChanged();

        LatencyHistograms reader = new LatencyHistograms(redis.template(), "reader");
        assertThat(reader.merged(run, Measure.LATENCY, true).getMaxValue()).isBetween(899_000L, 901_000L);
        assertThat(reader.merged(run).getMaxValue()).isBetween(29_900L, 30_100L);
        assertThat(reader.merged(run, Measure.SERVICE_TIME, false).getMaxValue()).isBetween(28_900L, 29_100L);
        assertThat(reader.merged(run, Measure.SEND_DELAY, false).getMaxValue()).isBetween(990L, 1_010L);
        assertThat(reader.merged(run, Measure.SEND_DELAY, true).getTotalCount()).isZero();
        assertThat(reader.workers(run)).containsExactly("pod-a");
    }

    @Test
    void aRunWithoutSamplesHasAnEmptyHistogram() {
        assertThat(new LatencyHistograms(redis.template(), "reader").merged("no-such-run").getTotalCount()).isZero();
    }
}
