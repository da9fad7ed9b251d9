package io.hammer.console.workers;

/**
 * One group of workers: its name ({@code producer} or {@code consumer}), the replicas asked for,
 * those ready, and a line on its health for the page (e.g. "2/2 ready", "route consume stopped").
 */
public record WorkerGroup(String name, int replicas, int ready, String health) {
}
