package io.hammer.engine.backup;

import io.hammer.engine.run.InvalidRunException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Every path a user gives for backups (a directory to list, a backup's destination, an archive to
 * restore) lies inside {@code hammer.backups.dir}. A relative path is taken inside that directory; an
 * absolute one must point into it, after {@code ..} and symbolic links are resolved. A path outside is
 * refused with one message whether or not something exists there, so that nobody can probe the disk.
 */
@Component
public class BackupPaths {
    private final Path root;

    public BackupPaths(@Value("${hammer.backups.dir:hammer-data/backups}") Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The backups directory, absolute. */
    public Path root() {
        return root;
    }

    /**
     * {@code path} (null or blank: the backups directory itself) as an absolute path inside the
     * backups directory; 400 naming {@code field} when it is not.
     */
    public Path confine(String field, String path) {
        if (path == null || path.isBlank()) {
            return root;
        }
        Path resolved;
        try {
            resolved = root.resolve(path.trim()).normalize();
        } catch (InvalidPathException e) {
            throw outside(field);
        }
        if (!resolved.startsWith(root) || !realPathInside(resolved)) {
            throw outside(field);
        }
        return resolved;
    }

    /** The nearest existing ancestor (or the path itself) must stay inside the real backups directory. */
    private boolean realPathInside(Path path) {
        if (!Files.exists(root)) {
            return true; // nothing inside it yet, so no link can lead out
        }
        Path existing = path;
        while (!Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent(); // stops at root at the latest: path starts with it
        }
        try {
            return existing.toRealPath().startsWith(root.toRealPath());
        } catch (IOException e) {
            return false; // a dangling link, or a path we may not read: not where a backup can be
        }
    }

    private InvalidRunException outside(String field) {
        return new InvalidRunException(400, field + " must be a path inside the backups directory " + root
                + " (hammer.backups.dir)");
    }
}
