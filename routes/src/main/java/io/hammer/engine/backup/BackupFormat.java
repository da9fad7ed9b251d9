package io.hammer.engine.backup;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * A backup is one zip archive (deflate): {@code orders.ndjson} (the run's orders in sequence order,
 * one per line, bytes as they were in Redis), {@code spec.json} (the run spec), {@code report.json}
 * (the run's accounting summary) and {@code manifest.json}, which names the run and gives every
 * other entry's size and SHA-256.
 */
public final class BackupFormat {
    public static final String FORMAT = "hammer-backup";
    public static final int VERSION = 1;
    public static final String SUFFIX = ".hammer-backup.zip";
    public static final String MANIFEST = "manifest.json";
    public static final String ORDERS = "orders.ndjson";
    public static final String SPEC = "spec.json";
    public static final String REPORT = "report.json";

    private BackupFormat() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Manifest(String format, int version, String runId, long orders, Instant createdAt,
                           Map<String, Entry> entries) {
    }

    /** @param bytes uncompressed size */
    public record Entry(long bytes, String sha256) {
    }

    /** A backup as listed: where it is, how big, when, of which run, how many orders. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Info(String file, long bytes, Instant createdAt, String runId, Long orders, String error) {
    }
}
