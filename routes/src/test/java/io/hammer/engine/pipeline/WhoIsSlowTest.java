package io.hammer.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.hammer.engine.HammerApplication;
import io.hammer.engine.account.Measure;
import io.hammer.engine.account.Metrics;
import io.hammer.engine.account.RunSummary;
import io.hammer.engine.pace.RateSegment;
import io.hammer.engine.run.RunSpec;
import io.hammer.engine.run.Slo;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.HistogramLogReader;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A run says who was slow: the target (its service time) or Hammer (its send delay); its warm-up is
 * apart; its latency, errors and rate are there second by second, and as an interval log.
 */
class WhoIsSlowTest extends PipelineTestSupport {
    @Autowired
    CamelContext camel;
    @Autowired
    Metrics metrics;

    @AfterEach
    void clearFault() throws Exception {
        anvil("DELETE", "/admin/fault", null);
    }

    @Test
    void aSlowTargetShowsInItsServiceTimeNotInHammersSendDelay() throws Exception {
        anvil("PUT", "/admin/fault", "{\"delayMs\":500,\"count\":-1}");
        String runId = "slow-target-" + System.nanoTime();
        runs.start(new RunSpec(runId, 150, 3L, null, List.of(RateSegment.constant(50, null))));
        RunSummary summary = awaitDone(runId);

        assertThat(summary.problems()).isEmpty();
        assertThat(summary.serviceTime().count()).isEqualTo(150);
        assertThat(summary.serviceTime().p50()).isGreaterThanOrEqualTo(500);
        assertThat(summary.latency().p50()).isGreaterThanOrEqualTo(summary.serviceTime().p50());
        // 256 requests in flight per consumer thread carry 50 a second at 500 ms each: Hammer sends on time.
        assertThat(summary.sendDelay().count()).isEqualTo(150);
        // Compared at the median: a busy machine delays a few sends, the target delays every answer.
        assertThat(summary.sendDelay().p50()).isLessThan(summary.serviceTime().p50() / 5);
        assertThat(summary.warmup()).isNull();
    }

    @Test
    void aSlowHammerShowsInItsSendDelayAndTheRunIsMarkedGeneratorBound() throws Exception {
        anvil("PUT", "/admin/fault", "{\"delayMs\":20,\"count\":-1}");
        // A consumer allowed one request in flight per thread: about 2 / 20 ms = 100 orders a second at most.
        String[] arguments = EngineSettings.arguments(STACK, Map.of("camel.main.name", "hammer-slow-consumer",
                "hammer.role.generator", false, "hammer.role.producer", false, "hammer.consumer.max-in-flight", 1));
        try (ConfigurableApplicationContext slow = new SpringApplicationBuilder(HammerApplication.class).run(arguments)) {
            camel.getRouteController().stopRoute("consume", 5, TimeUnit.SECONDS);
            String runId = "slow-hammer-" + System.nanoTime();
            runs.start(new RunSpec(runId, 300, 4L, null, List.of(RateSegment.constant(300, null))));
            RunSummary summary = awaitDone(runId);

            assertThat(summary.problems()).isEmpty();
            assertThat(summary.sendDelay().count()).isEqualTo(300);
            // Asked 300 a second for 1 s, able to send 100 at most: the last orders go out 2 s late or more.
            assertThat(summary.sendDelay().p99()).isGreaterThan(1_000);
            assertThat(summary.serviceTime().p50()).isGreaterThanOrEqualTo(20);
            assertThat(summary.sendDelay().p99()).isGreaterThan(2 * summary.serviceTime().p99());
            assertThat(summary.generatorBound()).isTrue();
            assertThat(summary.toText()).contains("GENERATOR-BOUND");
            HttpResponse<String> html = api("GET", "/api/runs/" + runId + "/report.html", null);
            assertThat(html.body()).contains("id=\"generator-bound\"").contains("send delay (Hammer)");
        } finally {
            camel.getRouteController().startRoute("consume");
        }
    }

    @Test
    void theWarmUpIsReportedApartAndKeptOutOfTheObjectives() throws Exception {
        // The target's first 50 answers take 1.5 s (within the tests' 2 s timeout): all of them in the first of
        // the warm-up's six seconds, which also leave Hammer time to catch up with any order they held back.
        anvil("PUT", "/admin/fault", "{\"delayMs\":1500,\"count\":50}");
        String runId = "warm-up-" + System.nanoTime();
        runs.start(new RunSpec(runId, 500, 5L, null, List.of(RateSegment.constant(50, null)), new Slo(1_000.0, null, null, null, null))
                .withWarmup("6s"));
        RunSummary summary = awaitDone(runId);

        assertThat(summary.warmup()).isNotNull();
        assertThat(summary.warmup().seconds()).isEqualTo(6.0);
        // At 50 a second, the orders due in the first 6 s (by their intended time, however late they went out).
        long warmupOrders = summary.warmup().latency().count();
        assertThat(warmupOrders).isBetween(299L, 300L);
        assertThat(summary.warmup().serviceTime().count()).isEqualTo(warmupOrders);
        assertThat(summary.latency().count()).isEqualTo(500 - warmupOrders);
        assertThat(summary.serviceTime().count()).isEqualTo(500 - warmupOrders);
        // The first 50 requests, all warm-up orders, took 1.5 s: the warm-up's p99, and no later order's.
        assertThat(summary.warmup().serviceTime().p99()).isGreaterThanOrEqualTo(1_500);
        assertThat(summary.warmup().latency().p99()).isGreaterThanOrEqualTo(1_500);
        // The objective judges the orders after the warm-up only.
        assertThat(summary.slo()).singleElement().satisfies(p99 -> {
            assertThat(p99.objective()).isEqualTo("p99Ms");
            assertThat(p99.actual()).isEqualTo(summary.latency().p99());
            assertThat(p99.passed()).isEqualTo(summary.latency().p99() <= 1_000);
        });
        assertThat(summary.toText()).contains("warm-up, first 6s, kept out of the objectives");
    }

    @Test
    void aSteadyRunHasItsPercentilesErrorsAndRateEverySecondAndAnIntervalLog() throws Exception {
        String runId = "per-second-" + System.nanoTime();
        runs.start(new RunSpec(runId, 1_000, 6L, null, List.of(RateSegment.constant(200, null))));
        RunSummary summary = awaitDone(runId);
        assertThat(summary.consumed()).isEqualTo(1_000);

        JsonNode report = json.readTree(api("GET", "/api/runs/" + runId + "/report", null).body());
        JsonNode seconds = report.path("seconds");
        assertThat(seconds.size()).isGreaterThanOrEqualTo(5);
        long outcomes = 0;
        long errors = 0;
        for (JsonNode second : seconds) {
            outcomes += second.path("outcomes").asLong();
            errors += second.path("deadLettered").asLong();
            assertThat(second.path("max").asDouble()).isGreaterThanOrEqualTo(second.path("p99").asDouble());
            assertThat(second.path("p99").asDouble()).isGreaterThanOrEqualTo(second.path("p50").asDouble()).isPositive();
        }
        assertThat(outcomes).isEqualTo(1_000);
        // Errors per second add up to the run's (a busy machine may time a request out for good).
        assertThat(errors).isEqualTo(summary.deadLettered());
        // Orders counted by the second they were sent, not when their batch ended: no empty second in the middle.
        JsonNode rate = report.path("rate");
        // One window a second of sending (less a sliver of a second at the start, if any).
        assertThat(rate.size()).isBetween(seconds.size() - 1, seconds.size());
        for (int i = 1; i < rate.size() - 1; i++) {
            assertThat(rate.get(i).path("achieved").asDouble()).as("second %s of %s", i, rate).isPositive();
            assertThat(rate.get(i).path("asked").asDouble()).isCloseTo(200.0, org.assertj.core.data.Offset.offset(0.01));
        }

        HttpResponse<byte[]> log = http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://localhost:" + port + "/api/runs/" + runId + "/latency.hlog"))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder()
                        .encodeToString("hammer:engine-test".getBytes(StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(log.statusCode()).isEqualTo(200);
        assertThat(log.headers().firstValue("Content-Disposition")).hasValueSatisfying(v -> assertThat(v).contains(runId + ".hlog"));
        HistogramLogReader reader = new HistogramLogReader(new ByteArrayInputStream(log.body()));
        long total = 0;
        int intervals = 0;
        for (EncodableHistogram interval = reader.nextIntervalHistogram(); interval != null; interval = reader.nextIntervalHistogram()) {
            total += ((org.HdrHistogram.Histogram) interval).getTotalCount();
            intervals++;
        }
        assertThat(total).isEqualTo(1_000);
        assertThat(intervals).isEqualTo(seconds.size());
        assertThat(api("GET", "/api/runs/no-such-run/latency.hlog", null).statusCode()).isEqualTo(404);
        assertThat(REPORTS.resolve(runId + ".hlog")).exists();
    }

    @Test
    void aSubMillisecondLatencyLandsInASubMillisecondBucket() throws Exception {
        String runId = "buckets-" + System.nanoTime();
        metrics.timing(runId, Measure.SERVICE_TIME, Duration.ofNanos(150_000));

        String scrape = http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://localhost:" + port + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString()).body();
        List<double[]> buckets = scrape.lines()
                .filter(line -> line.startsWith("hammer_service_time_seconds_bucket{") && line.contains("run=\"" + runId + "\""))
                .filter(line -> !line.contains("le=\"+Inf\""))
                .map(line -> {
                    java.util.regex.Matcher le = java.util.regex.Pattern.compile("[{,]le=\"([^\"]+)\"").matcher(line);
                    assertThat(le.find()).as(line).isTrue();
                    return new double[] {Double.parseDouble(le.group(1)), Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))};
                }).toList();
        assertThat(buckets).as(scrape.lines().filter(l -> l.contains(runId)).toList().toString()).isNotEmpty();
        // Buckets from 10 µs: several below a millisecond, and the 150 µs sample in one of them, not in a 1 ms catch-all.
        assertThat(buckets.stream().filter(b -> b[0] < 0.001).count()).isGreaterThanOrEqualTo(5);
        assertThat(buckets.stream().mapToDouble(b -> b[0]).min().orElseThrow()).isLessThanOrEqualTo(0.000011);
        assertThat(buckets).anySatisfy(b -> {
            assertThat(b[0]).isLessThan(0.0003);
            assertThat(b[1]).isEqualTo(1.0);
        });
        assertThat(buckets).allSatisfy(b -> assertThat(b[1]).isEqualTo(b[0] < 0.00015 ? 0.0 : 1.0));
        await().atMost(Duration.ofSeconds(5)).until(() -> metrics.runs().contains(runId));
    }
}
