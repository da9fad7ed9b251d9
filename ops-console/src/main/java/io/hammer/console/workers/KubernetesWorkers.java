package io.hammer.console.workers;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The worker groups as the Deployments {@code producer} and {@code consumer} in Hammer's namespace.
 * Every call goes through the fabric8 client (camel-kubernetes, which wrapped it, has no 4.22
 * release on this project's Maven mirror). Scaling writes the scale subresource, as
 * {@code kubectl scale} does; a restart is a merge patch of one pod template annotation, as
 * {@code kubectl rollout restart} does, never a replacement of the whole object racing with the
 * controller's own writes. API calls made: GET deployments/NAME, GET and PUT deployments/NAME/scale,
 * PATCH deployments/NAME (see k8s/base/engine/console-rbac.yaml).
 */
public class KubernetesWorkers implements Workers {
    /** The pod template annotation {@code kubectl rollout restart} sets; changing it rolls the pods. */
    public static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";
    static final List<String> GROUPS = List.of("producer", "consumer");

    private final KubernetesClient client;
    private final String namespace;
    private final int maxReplicas;

    /** @param namespace Hammer's namespace; null or blank for the client's own (in a pod, its service account's) */
    public KubernetesWorkers(KubernetesClient client, String namespace, int maxReplicas) {
        this.client = client;
        this.namespace = namespace == null || namespace.isBlank() ? client.getNamespace() : namespace;
        if (this.namespace == null) {
            throw new IllegalStateException("Hammer's namespace is unknown: set hammer.console.kubernetes.namespace");
        }
        this.maxReplicas = maxReplicas;
    }

    public String namespace() {
        return namespace;
    }

    @Override
    public List<WorkerGroup> groups() {
        return GROUPS.stream().map(name -> {
            Deployment deployment = get(name);
            return deployment == null ? new WorkerGroup(name, 0, 0, missing(name)) : group(deployment);
        }).toList();
    }

    @Override
    public WorkerGroup scale(String group, int replicas) {
        known(group);
        if (replicas < 0 || replicas > maxReplicas) {
            throw new IllegalArgumentException("replicas of " + group + " must be between 0 and " + maxReplicas
                    + " (hammer.console.max-replicas), not " + replicas);
        }
        call(group, () -> deployment(group).scale(replicas));
        return current(group);
    }

    @Override
    public WorkerGroup restart(String group) {
        known(group);
        return group(call(group, () -> deployment(group).rolling().restart()));
    }

    private WorkerGroup current(String group) {
        Deployment deployment = get(group);
        if (deployment == null) {
            throw new NoSuchElementException(missing(group));
        }
        return group(deployment);
    }

    private Deployment get(String name) {
        return call(name, () -> deployment(name).get());
    }

    private io.fabric8.kubernetes.client.dsl.RollableScalableResource<Deployment> deployment(String name) {
        return client.apps().deployments().inNamespace(namespace).withName(name);
    }

    private static WorkerGroup group(Deployment deployment) {
        int replicas = Objects.requireNonNullElse(deployment.getSpec().getReplicas(), 1);
        Optional<DeploymentStatus> status = Optional.ofNullable(deployment.getStatus());
        int ready = status.map(DeploymentStatus::getReadyReplicas).orElse(0);
        int updated = status.map(DeploymentStatus::getUpdatedReplicas).orElse(0);
        String health = replicas == 0 ? "scaled to 0"
                : ready + "/" + replicas + " ready" + (updated < replicas ? ", rolling out" : "");
        return new WorkerGroup(deployment.getMetadata().getName(), replicas, ready, health);
    }

    private static void known(String group) {
        if (!GROUPS.contains(group)) {
            throw new NoSuchElementException("unknown worker group '" + group + "': producer or consumer");
        }
    }

    private String missing(String name) {
        return "no Deployment " + name + " in namespace " + namespace;
    }

    /** Runs one API call: a 404 becomes NoSuchElementException. */
    private <T> T call(String name, Supplier<T> request) {
        try {
            return request.get();
        } catch (KubernetesClientException e) {
            throw translate(name, e);
        }
    }

    private RuntimeException translate(String name, KubernetesClientException e) {
        return e.getCode() == 404 ? new NoSuchElementException(missing(name)) : e;
    }
}
