package io.hammer.engine.pipeline;

import io.hammer.engine.HammerApplication;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The engine in a JVM of its own, as a pod runs it: what a crash test kills. Its output goes to
 * {@code <name>.log} in the given directory; it is killed when the test JVM exits, whatever happens.
 */
final class EngineProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;

    private EngineProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    static EngineProcess start(String name, Path logDir, List<String> settings) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), HammerApplication.class.getName()));
        command.addAll(settings);
        Path log = logDir.resolve(name + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        return new EngineProcess(name, process, log);
    }

    /** SIGKILL: no shutdown hook, no graceful stop, nothing recorded or committed after this instant. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    boolean alive() {
        return process.isAlive();
    }

    @Override
    public String toString() {
        return name + " (log: " + log + ")";
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
