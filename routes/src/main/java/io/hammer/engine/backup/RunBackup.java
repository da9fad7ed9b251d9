package io.hammer.engine.backup;

import static io.hammer.engine.template.TemplateOutcomes.parameter;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hammer.engine.generate.RunOrders;
import io.hammer.engine.run.InvalidRunException;
import io.hammer.engine.run.RunState;
import io.hammer.engine.run.RunStore;
import io.hammer.engine.template.TemplateOutcomes;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The backup template's logic: writes a finished run's orders, spec and report as one archive (see
 * {@link BackupFormat}). The archive is written under a temporary name and renamed when complete,
 * so a backup that is listed is a whole one.
 */
@Component("runBackup")
public class RunBackup {
    private static final Logger log = LoggerFactory.getLogger(RunBackup.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

    private final RunStore store;
    private final RunOrders runOrders;
    private final TemplateOutcomes outcomes;
    private final ObjectMapper json;
    private final Clock clock;
    private final BackupPaths paths;

    public RunBackup(RunStore store, RunOrders runOrders, TemplateOutcomes outcomes, ObjectMapper json, Clock clock,
                     BackupPaths paths) {
        this.store = store;
        this.runOrders = runOrders;
        this.outcomes = outcomes;
        this.json = json;
        this.clock = clock;
        this.paths = paths;
    }

    /** Called by the backup template; its parameters are the exchange's headers. */
    public BackupFormat.Info backup(Exchange exchange) throws Exception {
        return outcomes.report(exchange, () -> backup(parameter(exchange, "runId"), parameter(exchange, "destination")));
    }

    /** @param destination a directory inside {@code hammer.backups.dir}; null: that directory */
    public BackupFormat.Info backup(String runId, String destination) throws IOException {
        if (runId == null) {
            throw new InvalidRunException(400, "backup needs the runId of the run to back up");
        }
        Path directory = paths.confine("destination", destination);
        Map<String, String> run = store.runHash(runId);
        if (run.isEmpty()) {
            throw new InvalidRunException(404, "unknown run " + runId);
        }
        if (!RunState.DONE.name().equals(run.get("state")) || !run.containsKey("summary")) {
            throw new InvalidRunException(409, "run " + runId + " is " + run.get("state") + ": back it up once it is DONE");
        }
        Files.createDirectories(directory);
        Instant now = clock.instant();
        Path file = directory.resolve(runId + "-" + STAMP.format(now) + BackupFormat.SUFFIX);
        Path partial = directory.resolve("." + file.getFileName() + ".partial");
        long orders;
        try {
            Map<String, BackupFormat.Entry> entries = new LinkedHashMap<>();
            try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(partial))) {
                orders = writeOrders(zip, runId, Long.parseLong(run.getOrDefault("chunks", "0")), entries);
                long expected = Long.parseLong(run.getOrDefault("orders", "0"));
                if (orders != expected) {
                    throw new IllegalStateException("run " + runId + " holds " + orders + " orders in Redis, its spec says " + expected);
                }
                write(zip, BackupFormat.SPEC, run.get("spec").getBytes(StandardCharsets.UTF_8), entries);
                write(zip, BackupFormat.REPORT, run.get("summary").getBytes(StandardCharsets.UTF_8), entries);
                BackupFormat.Manifest manifest = new BackupFormat.Manifest(BackupFormat.FORMAT, BackupFormat.VERSION, runId,
                        orders, now, entries);
                zip.putNextEntry(new ZipEntry(BackupFormat.MANIFEST));
                zip.write(json.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
                zip.closeEntry();
            }
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
        log.info("Run {}: backed up {} orders to {}", runId, orders, file);
        return new BackupFormat.Info(file.toString(), Files.size(file), now, runId, orders, null);
    }

    private long writeOrders(ZipOutputStream zip, String runId, long chunks, Map<String, BackupFormat.Entry> entries)
            throws IOException {
        zip.putNextEntry(new ZipEntry(BackupFormat.ORDERS));
        Counting out = new Counting(zip);
        long orders = 0;
        for (long chunk = 1; chunk <= chunks; chunk++) {
            List<byte[]> chunkOrders = runOrders.chunk(runId, chunk); // a generated run's come from its seed
            for (byte[] order : chunkOrders) {
                orders++;
                for (byte b : order) {
                    if (b == '\n') {
                        throw new IllegalStateException("order " + orders + " of run " + runId
                                + " holds a line break; an NDJSON backup cannot keep it byte for byte");
                    }
                }
                out.write(order);
                out.write('\n');
            }
        }
        zip.closeEntry();
        entries.put(BackupFormat.ORDERS, out.entry());
        return orders;
    }

    private static void write(ZipOutputStream zip, String name, byte[] content, Map<String, BackupFormat.Entry> entries)
            throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        Counting out = new Counting(zip);
        out.write(content);
        zip.closeEntry();
        entries.put(name, out.entry());
    }

    /** Counts and hashes what goes into one entry; closing the zip is the caller's business. */
    private static final class Counting extends DigestOutputStream {
        private long bytes;

        Counting(OutputStream out) {
            super(out, sha256());
        }

        @Override
        public void write(int b) throws IOException {
            super.write(b);
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            super.write(b, off, len);
            bytes += len;
        }

        BackupFormat.Entry entry() {
            return new BackupFormat.Entry(bytes, HexFormat.of().formatHex(getMessageDigest().digest()));
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
