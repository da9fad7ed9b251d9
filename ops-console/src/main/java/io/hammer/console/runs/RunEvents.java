package io.hammer.console.runs;

import io.hammer.console.ConsoleProperties;
import io.hammer.engine.run.InvalidRunException;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-sent events of a run's figures, one {@code figures} event per {@code liveInterval} while the
 * run goes, and a last one when it has ended. The browser's EventSource reconnects by itself when a
 * stream times out.
 */
@Component
public class RunEvents {
    private static final Logger log = LoggerFactory.getLogger(RunEvents.class);
    private static final Duration STREAM_TIMEOUT = Duration.ofMinutes(30);

    private final LiveFigures figures;
    private final Duration interval;
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(1, runnable -> {
        Thread thread = new Thread(runnable, "console-live");
        thread.setDaemon(true);
        return thread;
    });

    public RunEvents(LiveFigures figures, ConsoleProperties properties) {
        this.figures = figures;
        this.interval = properties.liveInterval();
    }

    /** @throws InvalidRunException 404 for an unknown run, before any stream is opened */
    public SseEmitter stream(String runId) {
        figures.of(runId);
        SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT.toMillis());
        AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
        task.set(timer.scheduleAtFixedRate(() -> {
            try {
                LiveFigures.Figures now = figures.of(runId);
                emitter.send(SseEmitter.event().name("figures").data(now, MediaType.APPLICATION_JSON));
                if (!now.active()) {
                    emitter.complete();
                    cancel(task);
                }
            } catch (IOException | IllegalStateException e) {
                // the browser went away
                cancel(task);
            } catch (RuntimeException e) {
                log.debug("Live figures of run {} failed: {}", runId, e.toString());
                emitter.completeWithError(e);
                cancel(task);
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS));
        emitter.onCompletion(() -> cancel(task));
        emitter.onTimeout(() -> cancel(task));
        emitter.onError(e -> cancel(task));
        return emitter;
    }

    private static void cancel(AtomicReference<ScheduledFuture<?>> task) {
        ScheduledFuture<?> future = task.get();
        if (future != null) {
            future.cancel(false);
        }
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}
