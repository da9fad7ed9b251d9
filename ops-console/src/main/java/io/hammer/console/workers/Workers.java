package io.hammer.console.workers;

import java.util.List;

/**
 * The producer and consumer groups as the console sees them, and the two things an operator does
 * to them: scale to N and restart. On Kubernetes a group is a Deployment in Hammer's namespace
 * ({@link KubernetesWorkers}); in local mode it is the group's Camel routes in this JVM
 * ({@link LocalWorkers}). The bean is {@code consoleWorkers}, chosen by {@code hammer.console.workers}
 * ({@link WorkersConfiguration}). Errors of the cluster's API (unreachable, forbidden) are the
 * fabric8 client's KubernetesClientException.
 */
public interface Workers {
    /** Every group (producer, consumer), in that order, with its replicas and health; a missing one has 0 replicas and says so in its health. */
    List<WorkerGroup> groups();

    /**
     * Sets a group's replicas.
     *
     * @return the group after the change (on Kubernetes, ready follows as the pods start)
     * @throws java.util.NoSuchElementException for an unknown group (or a missing Deployment)
     * @throws IllegalArgumentException for a replica count this mode cannot run: negative, above
     *         {@code hammer.console.max-replicas} on Kubernetes, above 1 in local mode
     */
    WorkerGroup scale(String group, int replicas);

    /**
     * Restarts every replica of a group (on Kubernetes a rolling restart; in local mode a stop and
     * start of its running routes). A group scaled to 0 stays at 0.
     *
     * @throws java.util.NoSuchElementException for an unknown group (or a missing Deployment)
     */
    WorkerGroup restart(String group);
}
