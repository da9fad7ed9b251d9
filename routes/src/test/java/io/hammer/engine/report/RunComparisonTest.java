package io.hammer.engine.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The verdict of a comparison, on reports written as the engine writes them. */
class RunComparisonTest {
    final ObjectMapper json = new ObjectMapper();

    @Test
    void latencyRateAndErrorsAreJudgedAgainstTheirThresholds() throws Exception {
        JsonNode base = report("a", 1000, 2.0, 10.0, 0);
        RunComparison same = RunComparison.of(base, report("b", 1000, 2.0, 10.0, 0), RunComparison.Thresholds.DEFAULT);
        assertThat(same.regressed()).isFalse();
        assertThat(row(same, "p99").deltaPct()).isZero();

        RunComparison slower = RunComparison.of(base, report("b", 1000, 2.0, 11.5, 0), RunComparison.Thresholds.DEFAULT);
        assertThat(slower.regressed()).isTrue();
        assertThat(row(slower, "p99").delta()).isEqualTo(1.5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(row(slower, "p99").deltaPct()).isEqualTo(15.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(row(slower, "p99").regressed()).isTrue();
        assertThat(row(slower, "p50").regressed()).isFalse();
        assertThat(slower.toText()).contains("REGRESSED").contains("+15.0%");
        assertThat(RunComparison.of(base, report("b", 1000, 2.0, 11.5, 0), new RunComparison.Thresholds(20, 0)).regressed()).isFalse();

        RunComparison fewer = RunComparison.of(base, report("b", 850, 2.0, 10.0, 0), RunComparison.Thresholds.DEFAULT);
        assertThat(row(fewer, "rate").regressed()).isTrue();
        assertThat(RunComparison.of(base, report("b", 1200, 2.0, 10.0, 0), RunComparison.Thresholds.DEFAULT).regressed())
                .as("faster is no regression").isFalse();

        RunComparison errors = RunComparison.of(base, report("b", 1000, 2.0, 10.0, 5), new RunComparison.Thresholds(10, 0.001));
        assertThat(row(errors, "error ratio").candidate()).isEqualTo(0.005);
        assertThat(errors.regressed()).isTrue();
        assertThat(RunComparison.of(base, report("b", 1000, 2.0, 10.0, 5), new RunComparison.Thresholds(10, 0.01)).regressed()).isFalse();
    }

    @Test
    void aSummaryWithoutTimelineIsComparedWithoutRate() throws Exception {
        JsonNode summary = report("a", 1000, 2.0, 10.0, 0).get("summary");
        RunComparison comparison = RunComparison.of(summary, report("b", 1000, 2.0, 10.0, 0), RunComparison.Thresholds.DEFAULT);
        assertThat(row(comparison, "rate").base()).isNull();
        assertThat(row(comparison, "rate").regressed()).isNull();
        assertThat(comparison.base()).isEqualTo("a");
        assertThat(comparison.regressed()).isFalse();
    }

    private static RunComparison.Row row(RunComparison comparison, String figure) {
        return comparison.figures().stream().filter(r -> r.figure().equals(figure)).findFirst().orElseThrow();
    }

    /** A report of 1,000 orders over two 0.5 s windows at {@code rate}, with these p50 and p99 and dead letters. */
    private JsonNode report(String runId, double rate, double p50, double p99, long deadLettered) throws Exception {
        return json.readTree("""
                {"runId": "%s", "summary": {"runId": "%s", "generated": 1000, "deadLettered": %d, "producerFailed": 0,
                  "latency": {"count": 1000, "p50": %s, "p90": %s, "p99": %s, "p999": %s, "p9999": %s, "max": %s}},
                 "rate": [{"fromSeconds": 0, "toSeconds": 0.5, "achieved": %s}, {"fromSeconds": 0.5, "toSeconds": 1, "achieved": %s}]}
                """.formatted(runId, runId, deadLettered, p50, p50, p99, p99, p99, p99, rate, rate));
    }
}
