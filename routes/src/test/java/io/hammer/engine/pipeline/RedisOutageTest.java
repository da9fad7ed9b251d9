package io.hammer.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hammer.engine.account.RunSummary;
import io.hammer.engine.run.RunSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Redis going away mid-run: every client is held (CLIENT PAUSE), so each command of producers,
 * consumers and the run monitor times out, for longer than the client's timeout. When Redis answers
 * again the run finishes whole: every order reaches Anvil, and the accounting holds.
 */
class RedisOutageTest extends PipelineTestSupport {
    private static final long OUTAGE_MS = 6_000;

    @Test
    void aRunSurvivesRedisBeingUnreachableForSeveralSeconds() throws Exception {
        // Slow the target a little so that the outage falls in the middle of the run.
        anvil("PUT", "/admin/fault", "{\"delayMs\":5,\"count\":-1}");
        try {
            String runId = "redis-outage-" + System.nanoTime();
            runs.start(new RunSpec(runId, 20_000, 11L, null));
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (runs.summary(runId).delivered() < 2_000 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            long deliveredBefore = runs.summary(runId).delivered();
            assertThat(deliveredBefore).as("the run is under way").isBetween(2_000L, 19_999L);

            pauseRedis(OUTAGE_MS);
            Thread.sleep(OUTAGE_MS + 500);
            anvil("DELETE", "/admin/fault", null);

            RunSummary summary = awaitDone(runId);
            assertThat(summary.problems()).as("accounting problems of %s", summary).isEmpty();
            assertThat(summary.produced()).isEqualTo(20_000);
            assertThat(summary.deliveredDistinct()).isEqualTo(20_000);
            assertThat(summary.consumed()).isEqualTo(summary.delivered() + summary.deadLettered());
            assertThat(summary.deadLettered()).isZero();
            assertThat(anvilRun(runId).path("distinct").asLong()).isEqualTo(20_000);
            // An order delivered again after the outage is a duplicate at Anvil too: counted, never hidden.
            assertThat(anvilRun(runId).path("duplicates").asLong()).isGreaterThanOrEqualTo(summary.duplicates());
        } finally {
            anvil("DELETE", "/admin/fault", null);
        }
    }

    /** Holds every Redis client for {@code millis}: Redis is there but answers nothing, like a partition. */
    private static void pauseRedis(long millis) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", STACK.redisPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("CLIENT PAUSE " + millis + " ALL\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[64];
            int n = in.read(reply);
            assertThat(new String(reply, 0, Math.max(n, 0), StandardCharsets.US_ASCII)).startsWith("+OK");
        }
    }
}
