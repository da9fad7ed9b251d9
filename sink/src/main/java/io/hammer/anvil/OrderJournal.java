package io.hammer.anvil;

import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The orders Anvil accepted, one JSON document per line in {@code {anvil.data-dir}/orders.ndjson}.
 * Each order is written to the file (handed to the operating system) before its request is
 * answered, so an accepted order survives Anvil crashing; the file is forced to the storage device
 * every {@code anvil.sync-interval}, so a machine crash loses at most that much.
 */
@Component
public class OrderJournal {
    private static final Logger log = LoggerFactory.getLogger(OrderJournal.class);
    private final Path file;
    private final FileChannel channel;

    public OrderJournal(AnvilProperties properties) throws IOException {
        Files.createDirectories(properties.dataDir());
        this.file = properties.dataDir().resolve("orders.ndjson").toAbsolutePath();
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        log.info("Anvil journal: {}", file);
    }

    /** Appends one order as one line. Line breaks between JSON tokens become spaces, which keeps it the same JSON. */
    public void append(byte[] order) {
        byte[] line = new byte[order.length + 1];
        for (int i = 0; i < order.length; i++) {
            byte b = order[i];
            line[i] = b == '\n' || b == '\r' ? (byte) ' ' : b;
        }
        line[order.length] = '\n';
        ByteBuffer buffer = ByteBuffer.wrap(line);
        try {
            synchronized (channel) {
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the journal " + file, e);
        }
    }

    public Path file() {
        return file;
    }

    @Scheduled(fixedDelayString = "${anvil.sync-interval}")
    void sync() throws IOException {
        if (channel.isOpen()) {
            channel.force(false);
        }
    }

    @PreDestroy
    void close() throws IOException {
        sync();
        channel.close();
    }
}
