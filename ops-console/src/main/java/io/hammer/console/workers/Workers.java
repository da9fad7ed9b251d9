package io.hammer.console.workers;

import java.util.List;

/**
 * The producer and consumer groups as the console sees them, and the two things an operator does
 * to them: scale to N and restart. On Kubernetes a group is a Deployment in Hammer's namespace; in
 * local mode it is the group's Camel routes in this JVM.
 */
public interface Workers {
    /** Every group (producer, consumer), with its replicas and health. */
    List<WorkerGroup> groups();

    /**
     * Sets a group's replicas.
     *
     * @throws java.util.NoSuchElementException for an unknown group (or a missing Deployment)
     * @throws IllegalArgumentException for a replica count this mode cannot run
     */
    WorkerGroup scale(String group, int replicas);

    /**
     * Restarts every replica of a group (on Kubernetes a rolling restart).
     *
     * @throws java.util.NoSuchElementException for an unknown group (or a missing Deployment)
     */
    WorkerGroup restart(String group);
}
