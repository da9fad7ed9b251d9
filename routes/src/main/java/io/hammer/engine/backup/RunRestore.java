package io.hammer.engine.backup;

import static io.hammer.engine.template.TemplateOutcomes.parameter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hammer.engine.run.InvalidRunException;
import io.hammer.engine.stage.OrderRewriter;
import io.hammer.engine.stage.RunStaging;
import io.hammer.engine.stage.StagedRun;
import io.hammer.engine.template.TemplateOutcomes;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The restore template's logic: loads a backup's orders as a new run. Every entry is checked
 * against the manifest (size, SHA-256, order count) while the orders are staged under temporary
 * keys; only a backup that passes every check becomes a run, so a corrupt, truncated or foreign file
 * leaves nothing in Redis.
 */
@Component("runRestore")
public class RunRestore {
    private static final Logger log = LoggerFactory.getLogger(RunRestore.class);

    private final RunStaging staging;
    private final TemplateOutcomes outcomes;
    private final ObjectMapper json;
    private final BackupPaths paths;

    public RunRestore(RunStaging staging, TemplateOutcomes outcomes, ObjectMapper json, BackupPaths paths) {
        this.staging = staging;
        this.outcomes = outcomes;
        this.json = json;
        this.paths = paths;
    }

    /** Called by the restore template; its parameters are the exchange's headers. */
    public Result restore(Exchange exchange) throws Exception {
        return outcomes.report(exchange, () -> restore(parameter(exchange, "location"), parameter(exchange, "runId"),
                parameter(exchange, "rateProfile")));
    }

    /**
     * @param location the archive, inside {@code hammer.backups.dir} (a relative path is taken there)
     * @param runId the new run's id; null restores under the backup's own run id (which must be free)
     */
    public Result restore(String location, String runId, String rateProfile) throws IOException {
        if (location == null) {
            throw new InvalidRunException(400, "restore needs the location of a backup");
        }
        Path file = paths.confine("location", location);
        if (!Files.isRegularFile(file)) {
            throw new InvalidRunException(404, "no backup at " + location);
        }
        JsonNode rate = staging.rateProfile(rateProfile);
        try (ZipFile zip = new ZipFile(file.toFile())) {
            BackupFormat.Manifest manifest = manifest(zip, location);
            String newRunId = runId == null ? manifest.runId() : runId;
            ObjectNode spec = object(verified(zip, BackupFormat.SPEC, manifest, location), BackupFormat.SPEC);
            verified(zip, BackupFormat.REPORT, manifest, location);
            try (StagedRun run = staging.begin(newRunId)) {
                stageOrders(zip, manifest, location, run, newRunId.equals(manifest.runId()) ? null : newRunId);
                Map<String, String> fields = new LinkedHashMap<>();
                fields.put("source", "restore of backup " + file.getFileName() + " (run " + manifest.runId() + ")");
                fields.put("restoredFrom", file.toAbsolutePath().toString());
                fields.put("schedule", "none");
                if (rate != null) {
                    spec.set("rate", rate);
                    fields.put("rateProfile", rateProfile);
                }
                run.promote(spec, fields);
            }
            log.info("Run {}: restored {} orders of run {} from {}", newRunId, manifest.orders(), manifest.runId(), file);
            return new Result(newRunId, manifest.orders(), manifest.runId(), file.toString());
        } catch (ZipException e) {
            throw corrupt(location, "not a readable zip archive (" + e.getMessage() + "): truncated, corrupt or not a backup");
        }
    }

    private BackupFormat.Manifest manifest(ZipFile zip, String location) throws IOException {
        ZipEntry entry = zip.getEntry(BackupFormat.MANIFEST);
        if (entry == null) {
            throw corrupt(location, "no " + BackupFormat.MANIFEST + ": not a Hammer backup");
        }
        BackupFormat.Manifest manifest;
        try (InputStream in = zip.getInputStream(entry)) {
            manifest = json.readValue(in, BackupFormat.Manifest.class);
        } catch (IOException e) {
            throw corrupt(location, "unreadable " + BackupFormat.MANIFEST + " (" + e.getMessage() + ")");
        }
        if (!BackupFormat.FORMAT.equals(manifest.format()) || manifest.version() != BackupFormat.VERSION) {
            throw corrupt(location, "format " + manifest.format() + " version " + manifest.version() + ", expected "
                    + BackupFormat.FORMAT + " version " + BackupFormat.VERSION);
        }
        if (manifest.runId() == null || manifest.entries() == null) {
            throw corrupt(location, BackupFormat.MANIFEST + " names no run or no entries");
        }
        for (String name : new String[] {BackupFormat.ORDERS, BackupFormat.SPEC, BackupFormat.REPORT}) {
            if (!manifest.entries().containsKey(name) || zip.getEntry(name) == null) {
                throw corrupt(location, "entry " + name + " is missing");
            }
        }
        return manifest;
    }

    /** The entry's bytes, once its size and checksum match the manifest. */
    private static byte[] verified(ZipFile zip, String name, BackupFormat.Manifest manifest, String location) throws IOException {
        try (DigestInputStream in = new DigestInputStream(zip.getInputStream(zip.getEntry(name)), RunBackup.sha256())) {
            byte[] content = in.readAllBytes();
            check(name, content.length, HexFormat.of().formatHex(in.getMessageDigest().digest()), manifest, location);
            return content;
        }
    }

    /** Stages the orders line by line, rewritten to {@code rewriteTo} unless null; then checks the whole entry. */
    private static void stageOrders(ZipFile zip, BackupFormat.Manifest manifest, String location, StagedRun run,
                                    String rewriteTo) throws IOException {
        long bytes = 0;
        try (DigestInputStream digest = new DigestInputStream(zip.getInputStream(zip.getEntry(BackupFormat.ORDERS)),
                RunBackup.sha256()); InputStream in = new BufferedInputStream(digest, 1 << 16)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream(512);
            int b;
            while ((b = in.read()) != -1) {
                bytes++;
                if (b != '\n') {
                    line.write(b);
                    continue;
                }
                byte[] order = line.toByteArray();
                line.reset();
                long seq = run.orders() + 1;
                try {
                    run.add(rewriteTo == null ? order : OrderRewriter.rewrite(order, rewriteTo, seq));
                } catch (IllegalArgumentException e) {
                    throw corrupt(location, "order " + seq + " is not a JSON object (" + e.getMessage() + ")");
                }
            }
            if (line.size() > 0) {
                throw corrupt(location, BackupFormat.ORDERS + " ends in the middle of an order: truncated");
            }
            check(BackupFormat.ORDERS, bytes, HexFormat.of().formatHex(digest.getMessageDigest().digest()), manifest, location);
        } catch (ZipException e) {
            throw corrupt(location, BackupFormat.ORDERS + " cannot be decompressed (" + e.getMessage() + ")");
        }
        if (run.orders() != manifest.orders()) {
            throw corrupt(location, "holds " + run.orders() + " orders, its manifest says " + manifest.orders());
        }
    }

    private static void check(String name, long bytes, String sha256, BackupFormat.Manifest manifest, String location) {
        BackupFormat.Entry expected = manifest.entries().get(name);
        if (expected.bytes() != bytes || !expected.sha256().equalsIgnoreCase(sha256)) {
            throw corrupt(location, "checksum mismatch on " + name + " (" + bytes + " bytes, SHA-256 " + sha256
                    + "; the manifest says " + expected.bytes() + " bytes, " + expected.sha256() + ")");
        }
    }

    private ObjectNode object(byte[] content, String what) {
        try {
            JsonNode node = json.readTree(content);
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (IOException e) {
            // fall through to the error
        }
        throw new InvalidRunException(400, what + " must be a JSON object");
    }

    private static InvalidRunException corrupt(String location, String problem) {
        return new InvalidRunException(400, "backup " + location + " refused: " + problem + "; nothing was loaded");
    }

    public record Result(String runId, long orders, String restoredRunId, String backup) {
    }
}
