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
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The orders Anvil accepted, one JSON document per line in {@code {anvil.data-dir}/orders.ndjson}.
 * The file is rotated (renamed {@code orders-<UTC time>.ndjson}) when an order of a run Anvil has not
 * seen yet arrives, and when it would grow past {@code anvil.journal.max-bytes}; only the newest
 * {@code anvil.journal.keep-files} rotated files are kept, so the journal's disk use is bounded.
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

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);
    private static final String ROTATED_PREFIX = "orders-";
    private static final String SUFFIX = ".ndjson";

    private final Path file;
    private final long maxBytes;
    private final int keepFiles;
    private final Set<String> runsSeen = new HashSet<>();
    private final BlockingQueue<Pending> pending = new LinkedBlockingQueue<>(16 * MAX_BATCH);
    private final Thread writer;
    /** Written by the writer thread only (and on close); read by sync. */
    private volatile FileChannel channel;
    private long size;

    private record Pending(ByteBuffer line, String runId, CompletableFuture<Void> written) {
    }

    public OrderJournal(AnvilProperties properties) throws IOException {
        Files.createDirectories(properties.dataDir());
        this.file = properties.dataDir().resolve("orders" + SUFFIX).toAbsolutePath();
        this.maxBytes = properties.journal().maxBytes().toBytes();
        this.keepFiles = properties.journal().keepFiles();
        this.channel = open();
        this.writer = new Thread(this::writeLoop, "anvil-journal");
        writer.setDaemon(true);
        writer.start();
        log.info("Anvil journal: {}", file);
    }

    /**
     * Appends one order as one line and returns once it is written. Line breaks between JSON tokens
     * become spaces, which keeps it the same JSON.
     */
    public void append(byte[] order, String runId) throws InterruptedException {
        try {
            appendAsync(order, runId).get();
        } catch (ExecutionException e) {
            throw new UncheckedIOException("cannot write to the journal " + file, (IOException) e.getCause());
        }
    }

    /**
     * The same without waiting: completes once the line is written. The FIX acceptor answers from
     * there, so that its session thread does not wait for each write in turn.
     */
    public CompletableFuture<Void> appendAsync(byte[] order, String runId) throws InterruptedException {
        byte[] line = new byte[order.length + 1];
        for (int i = 0; i < order.length; i++) {
            byte b = order[i];
            line[i] = b == '\n' || b == '\r' ? (byte) ' ' : b;
        }
        line[order.length] = '\n';
        CompletableFuture<Void> written = new CompletableFuture<>();
        pending.put(new Pending(ByteBuffer.wrap(line), runId, written));
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

    /** Writes the batch in as few writes as the rotations it needs allow. */
    private void write(List<Pending> batch) {
        int from = 0;
        long bytes = 0;
        for (int i = 0; i < batch.size(); i++) {
            Pending next = batch.get(i);
            boolean newRun = runsSeen.add(next.runId());
            if (size + bytes > 0 && (newRun || size + bytes + next.line().remaining() > maxBytes)) {
                writeLines(batch.subList(from, i));
                rotate();
                from = i;
                bytes = 0;
            }
            bytes += next.line().remaining();
        }
        writeLines(batch.subList(from, batch.size()));
    }

    private void writeLines(List<Pending> lines) {
        if (lines.isEmpty()) {
            return;
        }
        ByteBuffer[] buffers = lines.stream().map(Pending::line).toArray(ByteBuffer[]::new);
        try {
            long remaining = lines.stream().mapToLong(p -> p.line.remaining()).sum();
            size += remaining;
            while (remaining > 0) {
                remaining -= channel.write(buffers);
            }
            lines.forEach(p -> p.written.complete(null));
        } catch (IOException e) {
            log.error("Cannot write {} orders to {}: {}", lines.size(), file, e.toString());
            lines.forEach(p -> p.written.completeExceptionally(e));
        }
    }

    /** Renames the file, starts a new one and drops the oldest rotated files beyond keep-files. */
    private void rotate() {
        try {
            channel.force(false);
            channel.close();
            Path rotated = file.resolveSibling(ROTATED_PREFIX + STAMP.format(Instant.now()) + SUFFIX);
            for (int n = 2; Files.exists(rotated); n++) {
                rotated = file.resolveSibling(ROTATED_PREFIX + STAMP.format(Instant.now()) + "-" + n + SUFFIX);
            }
            Files.move(file, rotated);
            channel = open();
            log.info("Anvil journal rotated to {}", rotated.getFileName());
            try (Stream<Path> files = Files.list(file.getParent())) {
                List<Path> old = files.filter(f -> f.getFileName().toString().startsWith(ROTATED_PREFIX)
                        && f.getFileName().toString().endsWith(SUFFIX)).sorted(Comparator.reverseOrder()).toList();
                for (Path dropped : old.subList(Math.min(keepFiles, old.size()), old.size())) {
                    Files.deleteIfExists(dropped);
                }
            }
        } catch (IOException e) {
            log.error("Cannot rotate the journal {}: {}", file, e.toString());
            reopen();
        }
    }

    /** After a failed rotation: go on in whichever file is there (a write fails, with its order, if none is). */
    private void reopen() {
        if (!channel.isOpen()) {
            try {
                channel = open();
            } catch (IOException e) {
                log.error("Cannot reopen the journal {}: {}", file, e.toString());
            }
        }
    }

    private FileChannel open() throws IOException {
        FileChannel opened = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        size = opened.size();
        return opened;
    }

    @Scheduled(fixedDelayString = "${anvil.sync-interval}")
    void sync() throws IOException {
        FileChannel current = channel;
        try {
            if (current.isOpen()) {
                current.force(false);
            }
        } catch (java.nio.channels.ClosedChannelException e) {
            // rotated meanwhile: the rotation forced it
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
