package io.hammer.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hammer.engine.cli.HammerCli;
import io.hammer.engine.pace.RateSegment;
import io.hammer.engine.run.RunKeys;
import io.hammer.engine.run.RunSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

/** What stays of a run in Redis once it ends, deleting one (DELETE /api/runs/{id}) and pruning old ones (hammer prune). */
class RetentionTest extends PipelineTestSupport {
    @Autowired
    StringRedisTemplate redis;

    @Test
    void anEndedRunKeepsItsFiguresNotItsOrdersAndIsDeletedWholeOnlyOnceEnded() throws Exception {
        String runId = "retain-" + System.nanoTime();
        runs.start(new RunSpec(runId, 3_000, 5L, null));
        HttpResponse<String> going = api("DELETE", "/api/runs/" + runId, null);
        assertThat(going.statusCode()).isEqualTo(409);
        assertThat(going.body()).contains("can be deleted once it has ended");

        awaitDone(runId);
        assertThat(redis.keys(RunKeys.run(runId) + ":chunk:*")).as("published chunks are dropped").isEmpty();
        assertThat(redis.getExpire(RunKeys.done(runId))).as("claim bookkeeping expires").isPositive();
        assertThat(redis.getExpire(RunKeys.stats(runId))).as("figures stay").isEqualTo(-1);
        assertThat(redis.hasKey(RunKeys.latency(runId))).as("latency histograms stay").isTrue();
        assertThat(api("GET", "/api/runs/" + runId + "/report", null).statusCode()).isEqualTo(200);
        assertThat(orders(runId)).as("a backup still reads its orders, from the seed").hasSize(3_000);

        assertThat(api("DELETE", "/api/runs/" + runId, null).statusCode()).isEqualTo(204);
        assertThat(redis.keys(RunKeys.run(runId) + "*")).isEmpty();
        assertThat(store.runIds()).doesNotContain(runId);
        assertThat(api("GET", "/api/runs/" + runId, null).statusCode()).isEqualTo(404);
        assertThat(api("DELETE", "/api/runs/" + runId, null).statusCode()).isEqualTo(404);
    }

    @Test
    void pruneDeletesTheRunsThatEndedLongerAgoAndKeepsTheOthers() throws Exception {
        long stamp = System.nanoTime();
        String old = "prune-old-" + stamp;
        String recent = "prune-recent-" + stamp;
        String going = "prune-going-" + stamp;
        runToEnd(old, 500);
        runToEnd(recent, 500);
        runs.start(new RunSpec(going, 2_000, 1L, null, List.of(RateSegment.constant(20, null))));
        // As if the old run, and the one still going, had started eight days ago.
        String eightDaysAgo = Long.toString(System.currentTimeMillis() - Duration.ofDays(8).toMillis());
        store.putField(old, "finishedAt", eightDaysAgo);
        redis.opsForZSet().add(RunKeys.RUNS, old, Double.parseDouble(eightDaysAgo));
        redis.opsForZSet().add(RunKeys.RUNS, going, Double.parseDouble(eightDaysAgo));

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = HammerCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
                .execute("--url", "http://localhost:" + port, "--password", "engine-test", "prune", "--older-than", "7d");
        assertThat(exit).as(out + "\n" + err).isZero();
        assertThat(out.toString()).contains("Deleted run " + old).endsWith("1 run deleted\n");
        assertThat(store.runIds()).doesNotContain(old).contains(recent, going);
        assertThat(redis.keys(RunKeys.run(old) + "*")).isEmpty();

        assertThat(api("POST", "/api/runs/prune?olderThan=P30D", null).body()).isEqualTo("{\"deleted\":[]}");
        HttpResponse<String> bad = api("POST", "/api/runs/prune?olderThan=soon", null);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("olderThan must be a duration");
        runs.abort(going);
    }
}
