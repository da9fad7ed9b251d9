package io.hammer.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hammer.engine.account.RunSummary;
import io.hammer.engine.run.RunKeys;
import io.hammer.engine.stage.OrderRewriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Backup then restore over REST: the same orders; a corrupt, truncated or foreign archive loads nothing. */
class BackupRestoreTest extends PipelineTestSupport {
    @LocalServerPort
    int port;
    @Autowired
    StringRedisTemplate redis;

    @Test
    void aRestoredRunHasTheOriginalsOrdersByteForByte() throws Exception {
        String original = "orig-" + System.nanoTime();
        runToEnd(original, 3_000);
        List<byte[]> originalOrders = orders(original);
        Path dir = Files.createTempDirectory(BACKUPS, "backups");
        Path archive = backup(original, dir);

        // Under a new id: identical but for runId, clOrdId and ID.
        String restored = "restored-" + System.nanoTime();
        HttpResponse<String> response = post("restore", Map.of("location", archive.toString(), "runId", restored));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(json.readTree(response.body()).path("result").path("orders").asLong()).isEqualTo(3_000);
        List<byte[]> restoredOrders = orders(restored);
        assertThat(restoredOrders).hasSize(3_000);
        for (int k = 0; k < 3_000; k++) {
            assertThat(restoredOrders.get(k)).isEqualTo(OrderRewriter.rewrite(originalOrders.get(k), restored, k + 1));
        }
        assertThat(store.runHash(restored).get("source")).contains(archive.getFileName().toString());
        RunSummary summary = awaitDone(restored);
        assertThat(summary.problems()).isEmpty();
        assertThat(summary.deliveredDistinct()).isEqualTo(3_000);
        assertThat(anvilRun(restored).path("distinct").asLong()).isEqualTo(3_000);

        // A run id that exists is refused.
        assertThat(post("restore", Map.of("location", archive.toString())).statusCode()).isEqualTo(409);

        // Under the original id, once that run is deleted: identical outright.
        assertThat(api("DELETE", "/api/runs/" + original, null).statusCode()).isEqualTo(204);
        assertThat(redis.keys(RunKeys.run(original) + "*")).isEmpty();
        assertThat(store.runIds()).doesNotContain(original);
        assertThat(post("restore", Map.of("location", archive.toString())).statusCode()).isEqualTo(201);
        List<byte[]> again = orders(original);
        assertThat(again).hasSize(3_000);
        for (int k = 0; k < 3_000; k++) {
            assertThat(again.get(k)).isEqualTo(originalOrders.get(k));
        }
        awaitDone(original);
    }

    @Test
    void aCorruptTruncatedOrForeignArchiveIsRefusedAndLeavesNothingInRedis() throws Exception {
        String original = "to-corrupt-" + System.nanoTime();
        runToEnd(original, 2_500);
        Path dir = Files.createTempDirectory(BACKUPS, "backups");
        Path archive = backup(original, dir);

        // One order changed, the manifest kept: a valid zip whose checksum does not match.
        Path tampered = dir.resolve("tampered.hammer-backup.zip");
        rewriteEntry(archive, tampered, "orders.ndjson", text -> text.replaceFirst("\"quantity\":\\d+", "\"quantity\":1"));
        // Bytes flipped in the middle of the compressed orders.
        Path flipped = dir.resolve("flipped.hammer-backup.zip");
        byte[] bytes = Files.readAllBytes(archive);
        for (int i = bytes.length / 3; i < bytes.length / 3 + 64; i++) {
            bytes[i] ^= 0x5A;
        }
        Files.write(flipped, bytes);
        // The first half of the file.
        Path truncated = dir.resolve("truncated.hammer-backup.zip");
        Files.write(truncated, java.util.Arrays.copyOf(Files.readAllBytes(archive), (int) Files.size(archive) / 2));
        // A zip that is not a backup, and a file that is not a zip.
        Path foreign = dir.resolve("foreign.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(foreign))) {
            zip.putNextEntry(new ZipEntry("orders.ndjson"));
            zip.write("{}\n".getBytes(StandardCharsets.UTF_8));
        }
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "not a backup");

        Map<Path, String> expected = Map.of(tampered, "checksum mismatch on orders.ndjson", flipped, "refused",
                truncated, "not a readable zip archive", foreign, "no manifest.json", text, "not a readable zip archive");
        for (Map.Entry<Path, String> bad : expected.entrySet()) {
            String runId = "corrupt-" + System.nanoTime();
            HttpResponse<String> response = post("restore", Map.of("location", bad.getKey().toString(), "runId", runId));
            assertThat(response.statusCode()).as("%s: %s", bad.getKey(), response.body()).isEqualTo(400);
            assertThat(response.body()).as(bad.getKey().toString()).contains(bad.getValue()).contains("nothing was loaded");
            assertThat(store.runIds()).doesNotContain(runId);
            assertThat(redis.keys(RunKeys.run(runId) + "*")).isEmpty();
            assertThat(redis.keys("hammer:staging:*")).as("staged keys after %s", bad.getKey()).isEmpty();
        }
        assertThat(post("restore", Map.of("location", dir.resolve("missing.zip").toString())).statusCode()).isEqualTo(404);
    }

    private Path backup(String runId, Path dir) throws Exception {
        HttpResponse<String> response = post("backup", Map.of("runId", runId, "destination", dir.toString()));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode result = json.readTree(response.body()).path("result");
        Path archive = Path.of(result.path("file").asText());
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            assertThat(zip.stream().map(ZipEntry::getName)).containsExactlyInAnyOrder("orders.ndjson", "spec.json",
                    "report.json", "manifest.json");
            JsonNode manifest = json.readTree(zip.getInputStream(zip.getEntry("manifest.json")));
            assertThat(manifest.path("runId").asText()).isEqualTo(runId);
            assertThat(manifest.path("entries").path("orders.ndjson").path("sha256").asText()).hasSize(64);
            assertThat(json.readTree(zip.getInputStream(zip.getEntry("report.json"))).path("state").asText()).isEqualTo("DONE");
        }
        return archive;
    }

    private static void rewriteEntry(Path from, Path to, String name, java.util.function.UnaryOperator<String> change)
            throws Exception {
        try (ZipFile in = new ZipFile(from.toFile()); ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(to))) {
            Enumeration<? extends ZipEntry> entries = in.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                byte[] content = in.getInputStream(entry).readAllBytes();
                if (entry.getName().equals(name)) {
                    content = change.apply(new String(content, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
                }
                out.putNextEntry(new ZipEntry(entry.getName()));
                out.write(content);
                out.closeEntry();
            }
        }
    }

    private HttpResponse<String> post(String template, Map<String, String> parameters) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/templates/" + template))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("hammer:engine-test".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(parameters)))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
