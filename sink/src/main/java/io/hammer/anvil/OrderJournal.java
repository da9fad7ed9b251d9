package io.hammer.anvil;

import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The orders Anvil accepted, one JSON document per line in {@code {anvil.data-dir}/orders.ndjson}.
 * Each order is written to the file (handed to the operating system) before its request is
 * answered, so an accepted order survives Anvil crashing; the file is forced to the storage device
 * every {@code anvil.sync-interval}, so a machine crash loses at most that much.
 *
 * <p>Group commit: one writer thread takes every order waiting and writes them with one gathering
 * write, then releases their requests. A lock around one write per request makes the request
 * threads queue behind each other's system calls and caps Anvil at a few thousand orders a second.
 */
@Component
public class OrderJournal {
    private static final Logger log = LoggerFactory.getLogger(OrderJournal.class);
    private static final int MAX_BATCH = 1024;

    private final Path file;
    private final FileChannel channel;
    private final BlockingQueue<Pending> pending = new LinkedBlockingQueue<>(16 * MAX_BATCH);
    private final Thread writer;

    private record Pending(ByteBuffer line, CompletableFuture<Void> written) {
    }

    public OrderJournal(AnvilProperties properties) throws IOException {
        Files.createDirectories(properties.dataDir());
        this.file = properties.dataDir().resolve("orders.ndjson").toAbsolutePath();
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        this.writer = new Thread(this::writeLoop, "anvil-journal");
        writer.setDaemon(true);
        writer.start();
        log.info("Anvil journal: {}", file);
    }

    /**
     * Appends one order as one line and returns once it is written. Line breaks between JSON tokens
     * become spaces, which keeps it the same JSON.
     */
    public void append(byte[] order) throws InterruptedException {
        try {
            appendAsync(order).get();
        } catch (ExecutionException e) {
            throw new UncheckedIOException("cannot write to the journal " + file, (IOException) e.getCause());
        }
    }

    /**
     * The same without waiting: completes once the line is written. The FIX acceptor answers from
     * there, so that its session thread does not wait for each write in turn.
     */
    public CompletableFuture<Void> appendAsync(byte[] order) throws InterruptedException {
        byte[] line = new byte[order.length + 1];
        for (int i = 0; i < order.length; i++) {
            byte b = order[i];
            line[i] = b == '\n' || b == '\r' ? (byte) ' ' : b;
        }
        line[order.length] = '\n';
        CompletableFuture<Void> written = new CompletableFuture<>();
        pending.put(new Pending(ByteBuffer.wrap(line), written));
        return written;
    }

    public Path file() {
        return file;
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        try {
            while (true) {
                batch.add(pending.take());
                pending.drainTo(batch, MAX_BATCH - 1);
                write(batch);
                batch.clear();
            }
        } catch (InterruptedException e) {
            batch.forEach(p -> p.written.completeExceptionally(new InterruptedIOException("journal closed")));
            pending.forEach(p -> p.written.completeExceptionally(new InterruptedIOException("journal closed")));
        }
    }

    private void write(List<Pending> batch) {
        ByteBuffer[] lines = batch.stream().map(Pending::line).toArray(ByteBuffer[]::new);
        try {
            long remaining = batch.stream().mapToLong(p -> p.line.remaining()).sum();
            while (remaining > 0) {
                remaining -= channel.write(lines);
            }
            batch.forEach(p -> p.written.complete(null));
        } catch (IOException e) {
            log.error("Cannot write {} orders to {}: {}", batch.size(), file, e.toString());
            batch.forEach(p -> p.written.completeExceptionally(e));
        }
    }

    @Scheduled(fixedDelayString = "${anvil.sync-interval}")
    void sync() throws IOException {
        if (channel.isOpen()) {
            channel.force(false);
        }
    }

    @PreDestroy
    void close() throws IOException, InterruptedException {
        writer.interrupt();
        writer.join(5_000);
        sync();
        channel.close();
    }
}
