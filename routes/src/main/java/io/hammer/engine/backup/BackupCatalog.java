package io.hammer.engine.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hammer.engine.run.InvalidRunException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.springframework.stereotype.Component;

/**
 * Lists the backups in the backups directory or one inside it, from their manifests: file, size,
 * date, run id and order count.
 */
@Component
public class BackupCatalog {
    private final ObjectMapper json;
    private final BackupPaths paths;

    public BackupCatalog(ObjectMapper json, BackupPaths paths) {
        this.json = json;
        this.paths = paths;
    }

    /**
     * Newest first; a file that is not a readable backup is listed with its error.
     *
     * @param directory inside {@code hammer.backups.dir}; null or blank: that directory
     */
    public List<BackupFormat.Info> list(String directory) {
        Path dir = paths.confine("dir", directory);
        if (!Files.exists(dir)) {
            return List.of();
        }
        if (!Files.isDirectory(dir)) {
            throw new InvalidRunException(400, dir + " is not a directory");
        }
        List<BackupFormat.Info> backups = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> f.getFileName().toString().endsWith(BackupFormat.SUFFIX)).forEach(f -> backups.add(info(f)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        backups.sort(Comparator.comparing(BackupFormat.Info::createdAt, Comparator.nullsLast(Comparator.reverseOrder())));
        return backups;
    }

    private BackupFormat.Info info(Path file) {
        long bytes;
        try {
            bytes = Files.size(file);
        } catch (IOException e) {
            return new BackupFormat.Info(file.toString(), 0, null, null, null, e.toString());
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry entry = zip.getEntry(BackupFormat.MANIFEST);
            if (entry == null) {
                return new BackupFormat.Info(file.toString(), bytes, null, null, null, "no manifest: not a Hammer backup");
            }
            try (InputStream in = zip.getInputStream(entry)) {
                BackupFormat.Manifest manifest = json.readValue(in, BackupFormat.Manifest.class);
                return new BackupFormat.Info(file.toString(), bytes, manifest.createdAt(), manifest.runId(), manifest.orders(), null);
            }
        } catch (IOException e) {
            return new BackupFormat.Info(file.toString(), bytes, null, null, null, "unreadable: " + e.getMessage());
        }
    }
}
