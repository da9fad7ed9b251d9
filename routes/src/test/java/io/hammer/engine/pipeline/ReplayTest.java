package io.hammer.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hammer.engine.account.RunSummary;
import io.hammer.engine.generate.OrderGenerator;
import io.hammer.engine.run.RunKeys;
import io.hammer.engine.run.RunSpec;
import io.hammer.engine.stage.OrderRewriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The replay template over REST, against a recorded topic of 5,000 Hammer orders on 3 partitions:
 * sequences 1,000..1,999 by sequence number, by offsets and by time window; a foreign topic through
 * a field mapping; ranges outside the topic; the schedule of recorded timing at 10x.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplayTest extends PipelineTestSupport {
    static final int RECORDED = 5_000;
    /**
     * Record timestamps: base + 2 ms per sequence number, so a window selects sequence numbers exactly.
     * Recent: the broker deletes messages older than its retention (7 days) whatever their offsets.
     */
    static final long BASE = (System.currentTimeMillis() - 3_600_000) / 1000 * 1000;

    @LocalServerPort
    int port;
    @Autowired
    StringRedisTemplate redis;

    final String sourceRun = "recorded-" + System.nanoTime();
    final String topic = "recorded-" + System.nanoTime();
    final RunSpec sourceSpec = new RunSpec(sourceRun, RECORDED, 11L, null).withDefaults();
    final OrderGenerator generator = new OrderGenerator();
    /** Where each recorded sequence number landed: partition and offset. */
    final Map<Long, RecordMetadata> landed = new HashMap<>();

    @BeforeAll
    void recordTopic() throws Exception {
        createTopic(topic, 3);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (long seq = 1; seq <= RECORDED; seq++) {
            byte[] order = generator.order(sourceSpec, seq);
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, BASE + 2 * seq,
                    io.hammer.engine.run.OrderFields.clOrdId(sourceRun, seq).getBytes(StandardCharsets.UTF_8), order);
            record.headers().add("hammer-run-id", sourceRun.getBytes(StandardCharsets.UTF_8));
            record.headers().add("hammer-seq", Long.toString(seq).getBytes(StandardCharsets.UTF_8));
            records.add(record);
        }
        List<RecordMetadata> metadata = send(records);
        for (int i = 0; i < metadata.size(); i++) {
            landed.put(i + 1L, metadata.get(i));
        }
    }

    @Test
    void sequences1000To1999ReachAnvilExactlyOnceEachAsOrders1To1000OfTheNewRun() throws Exception {
        String runId = "replay-seq-" + System.nanoTime();
        HttpResponse<String> response = replay(Map.of("runId", runId, "topic", topic, "sequences", "1000-1999", "speed", "max"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(json.readTree(response.body()).path("result").path("orders").asLong()).isEqualTo(1000);

        RunSummary summary = awaitDone(runId);
        assertThat(summary.problems()).isEmpty();
        assertThat(summary.generated()).isEqualTo(1000);
        assertThat(summary.delivered()).isEqualTo(1000);
        assertThat(summary.deliveredDistinct()).isEqualTo(1000);
        assertThat(summary.duplicates()).isZero();
        assertThat(anvilRun(runId).path("distinct").asLong()).isEqualTo(1000);

        // What Anvil received, from its journal: order k of the new run is recorded order 999 + k,
        // identical but for its run identity. Kafka's partitions deliver in no global order, so the
        // order is asserted on the sequence numbers, not on arrival.
        Map<Long, String> received = journal(runId);
        assertThat(received).hasSize(1000);
        assertThat(received.keySet()).containsExactlyElementsOf(range(1, 1000));
        for (long k = 1; k <= 1000; k++) {
            assertThat(received.get(k)).isEqualTo(expected(runId, 999 + k, k));
        }
        assertThat(store.runHash(runId)).containsEntry("schedule", "none");
        assertThat(redis.hasKey(RunKeys.schedule(runId))).isFalse();
    }

    @Test
    void theSameRangeByOffsetsAndByTimeWindowGivesTheSameOrders() throws Exception {
        // Per partition, the offsets that sequences 1000..1999 landed on (contiguous: sent in order).
        Map<Integer, long[]> offsets = new TreeMap<>();
        for (long seq = 1000; seq <= 1999; seq++) {
            RecordMetadata at = landed.get(seq);
            offsets.merge(at.partition(), new long[] {at.offset(), at.offset()},
                    (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
        }
        StringBuilder byOffsets = new StringBuilder();
        offsets.forEach((p, r) -> byOffsets.append(byOffsets.isEmpty() ? "" : ",").append(p).append(':').append(r[0]).append('-').append(r[1]));
        String window = Instant.ofEpochMilli(BASE + 2 * 1000) + "/" + Instant.ofEpochMilli(BASE + 2 * 2000);

        String byOffsetsRun = "replay-off-" + System.nanoTime();
        String byWindowRun = "replay-time-" + System.nanoTime();
        assertThat(replay(Map.of("runId", byOffsetsRun, "topic", topic, "offsets", byOffsets.toString())).statusCode()).isEqualTo(201);
        assertThat(replay(Map.of("runId", byWindowRun, "topic", topic, "window", window)).statusCode()).isEqualTo(201);

        for (String runId : List.of(byOffsetsRun, byWindowRun)) {
            List<byte[]> orders = orders(runId);
            assertThat(orders).as(runId).hasSize(1000);
            for (int k = 1; k <= 1000; k++) {
                assertThat(new String(orders.get(k - 1), StandardCharsets.UTF_8)).isEqualTo(expected(runId, 999 + k, k));
            }
            RunSummary summary = awaitDone(runId);
            assertThat(summary.problems()).isEmpty();
            assertThat(summary.deliveredDistinct()).isEqualTo(1000);
            assertThat(journal(runId).keySet()).containsExactlyElementsOf(range(1, 1000));
        }
    }

    @Test
    void aForeignTopicReplaysThroughAFieldMapping() throws Exception {
        String foreign = "foreign-" + System.nanoTime();
        createTopic(foreign, 1);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int n = 1; n <= 50; n++) {
            String message = "{\"orderId\":\"F-" + n + "\",\"n\":" + n + ",\"instrument\":{\"ticker\":\"VOD.L\"},"
                    + "\"dir\":\"" + (n % 2 == 0 ? "BUY" : "SELL") + "\",\"qty\":" + (100 + n) + ",\"px\":1.20,"
                    + "\"kind\":\"LIMIT\",\"acct\":\"A-" + n + "\"}";
            records.add(new ProducerRecord<>(foreign, null, BASE + n, null, message.getBytes(StandardCharsets.UTF_8)));
        }
        send(records);
        String mapping = "symbol=instrument.ticker,side=dir,quantity=qty,price=px,orderType=kind,timeInForce='DAY',"
                + "account=acct,sourceId=orderId,seq=n";

        String byOffsets = "replay-foreign-" + System.nanoTime();
        HttpResponse<String> response = replay(Map.of("runId", byOffsets, "topic", foreign, "offsets", "0:10-29", "mapping", mapping));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        RunSummary summary = awaitDone(byOffsets);
        assertThat(summary.problems()).isEmpty();
        assertThat(summary.delivered()).isEqualTo(20);
        assertThat(summary.deadLettered()).isZero();
        Map<Long, String> received = journal(byOffsets);
        assertThat(received.keySet()).containsExactlyElementsOf(range(1, 20));
        for (long k = 1; k <= 20; k++) {
            JsonNode order = json.readTree(received.get(k));
            long n = 10 + k; // offset 10 is message 11
            assertThat(order.path("sourceId").asText()).isEqualTo("F-" + n);
            assertThat(order.path("clOrdId").asText()).isEqualTo(byOffsets + "-" + String.format("%012d", k));
            assertThat(order.path("ID").asText()).isEqualTo(order.path("clOrdId").asText());
            assertThat(order.path("symbol").asText()).isEqualTo("VOD.L");
            assertThat(order.path("quantity").asLong()).isEqualTo(100 + n);
            assertThat(order.path("side").asText()).isEqualTo(n % 2 == 0 ? "BUY" : "SELL");
            assertThat(order.path("timeInForce").asText()).isEqualTo("DAY");
            assertThat(order.path("account").asText()).isEqualTo("A-" + n);
            assertThat(received.get(k)).contains("\"price\":1.20");
        }

        // The mapped seq field selects by sequence number.
        String bySequence = "replay-foreign-seq-" + System.nanoTime();
        assertThat(replay(Map.of("runId", bySequence, "topic", foreign, "sequences", "5-9", "mapping", mapping)).statusCode())
                .isEqualTo(201);
        List<byte[]> orders = orders(bySequence);
        assertThat(orders).hasSize(5);
        for (int k = 1; k <= 5; k++) {
            assertThat(json.readTree(orders.get(k - 1)).path("sourceId").asText()).isEqualTo("F-" + (4 + k));
        }
        awaitDone(bySequence);
    }

    @Test
    void aRangeOutsideTheTopicIsRefusedWithTheTopicsRangeAndLoadsNothing() throws Exception {
        String runId = "replay-bad-" + System.nanoTime();
        HttpResponse<String> sequences = replay(Map.of("runId", runId, "topic", topic, "sequences", "4001-6000"));
        assertThat(sequences.statusCode()).isEqualTo(400);
        assertThat(sequences.body()).contains("sequences 4001-6000 are outside topic " + topic)
                .contains("holds sequence numbers 1-5000 (run " + sourceRun + ")");

        HttpResponse<String> offsets = replay(Map.of("runId", runId, "topic", topic, "offsets", "0:0-99999"));
        assertThat(offsets.statusCode()).isEqualTo(400);
        assertThat(offsets.body()).contains("offsets 0:0-99999 are outside topic " + topic)
                .contains("partition 0: offsets 0-" + (endOffset(0) - 1));

        HttpResponse<String> window = replay(Map.of("runId", runId, "topic", topic, "window", "2020-01-01T00:00:00Z/2020-01-02T00:00:00Z"));
        assertThat(window.statusCode()).isEqualTo(400);
        assertThat(window.body()).contains("outside topic " + topic).contains("holds messages from "
                + Instant.ofEpochMilli(BASE + 2) + " to " + Instant.ofEpochMilli(BASE + 2 * RECORDED));

        assertThat(replay(Map.of("runId", runId, "topic", "no-such-topic-" + System.nanoTime(), "sequences", "1-2"))
                .statusCode()).isEqualTo(404);
        HttpResponse<String> twoRanges = replay(Map.of("runId", runId, "topic", topic, "sequences", "1-2", "offsets", "0:1-2"));
        assertThat(twoRanges.statusCode()).isEqualTo(400);
        assertThat(twoRanges.body()).contains("exactly one of sequences");

        assertThat(store.runIds()).doesNotContain(runId);
        assertThat(redis.keys(RunKeys.run(runId) + "*")).isEmpty();
        assertThat(redis.keys("hammer:staging:*")).isEmpty();
    }

    @Test
    void at10xTheScheduleIsTheRecordedSpacingDividedBy10() throws Exception {
        String timed = "timed-" + System.nanoTime();
        createTopic(timed, 1);
        RunSpec spec = new RunSpec("timed-source", 200, 3L, null).withDefaults();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        long[] timestamps = new long[200];
        long time = BASE;
        for (int i = 0; i < 200; i++) {
            time += (i * 37L) % 50; // irregular gaps of 0..49 ms
            timestamps[i] = time;
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(timed, null, time, null, generator.order(spec, i + 1));
            record.headers().add("hammer-run-id", "timed-source".getBytes(StandardCharsets.UTF_8));
            record.headers().add("hammer-seq", Integer.toString(i + 1).getBytes(StandardCharsets.UTF_8));
            records.add(record);
        }
        send(records);

        String runId = "replay-10x-" + System.nanoTime();
        assertThat(replay(Map.of("runId", runId, "topic", timed, "sequences", "1-200", "speed", "10")).statusCode()).isEqualTo(201);
        List<String> schedule = redis.opsForList().range(RunKeys.schedule(runId), 0, -1);
        assertThat(schedule).hasSize(200);
        assertThat(store.runHash(runId)).containsEntry("schedule", "us").containsEntry("scheduleSpeed", "10.0");
        for (int i = 1; i < 200; i++) {
            long intended = Long.parseLong(schedule.get(i)) - Long.parseLong(schedule.get(i - 1));
            long recorded = (timestamps[i] - timestamps[i - 1]) * 1000; // microseconds
            assertThat((double) intended).as("gap %d", i).isCloseTo(recorded / 10.0, org.assertj.core.data.Offset.offset(1.0));
        }
        assertThat(Long.parseLong(schedule.get(0))).isZero();
        assertThat(Long.parseLong(schedule.get(199))).isEqualTo((timestamps[199] - timestamps[0]) * 100);
        awaitDone(runId);
    }

    private String expected(String runId, long recordedSeq, long newSeq) {
        return new String(OrderRewriter.rewrite(generator.order(sourceSpec, recordedSeq), runId, newSeq), StandardCharsets.UTF_8);
    }

    /**
     * The orders of one run in Anvil's journal, by sequence number. A second copy of an order is only
     * allowed where the engine retried a request that timed out although Anvil had stored it (the
     * outcome was unknown, see README "Accounting"): then Anvil counts it as a duplicate and the run's
     * consumer errors show the retry. Anything else received twice fails the test.
     */
    private Map<Long, String> journal(String runId) throws Exception {
        // Anvil rotates its journal at each new run: read the rotated files too.
        Path dir = Path.of(STACK.anvil().getEnvironment().getProperty("anvil.data-dir"));
        List<String> lines = new java.util.ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("orders(-.*)?\\.ndjson")).toList()) {
                lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
            }
        }
        Map<Long, String> orders = new TreeMap<>();
        long repeats = 0;
        String marker = "\"runId\":\"" + runId + "\"";
        for (String line : lines) {
            if (line.contains(marker)) {
                long seq = json.readTree(line).path("seq").asLong();
                String before = orders.put(seq, line);
                if (before != null) {
                    assertThat(line).isEqualTo(before);
                    repeats++;
                }
            }
        }
        assertThat(repeats).as("copies of orders of %s received twice", runId).isEqualTo(anvilRun(runId).path("duplicates").asLong());
        assertThat(repeats).as("orders of %s received twice without a retry", runId)
                .isLessThanOrEqualTo(runs.summary(runId).consumerErrors());
        return orders;
    }

    private static List<Long> range(long from, long to) {
        List<Long> range = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            range.add(i);
        }
        return range;
    }

    private long endOffset(int partition) {
        return landed.values().stream().filter(m -> m.partition() == partition).mapToLong(RecordMetadata::offset).max().orElse(-1) + 1;
    }

    private HttpResponse<String> replay(Map<String, String> parameters) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/templates/replay"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("hammer:engine-test".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(parameters)))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void createTopic(String name, int partitions) throws Exception {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, STACK.kafkaBrokers());
        try (Admin admin = Admin.create(config)) {
            admin.createTopics(Set.of(new NewTopic(name, partitions, (short) 1))).all().get();
        }
    }

    private static List<RecordMetadata> send(List<ProducerRecord<byte[], byte[]>> records) throws Exception {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, STACK.kafkaBrokers());
        List<RecordMetadata> metadata = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            records.forEach(record -> sent.add(producer.send(record)));
            producer.flush();
            for (Future<RecordMetadata> future : sent) {
                metadata.add(future.get());
            }
        }
        return metadata;
    }
}
