package io.hammer.console.workers;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kubernetes.KubernetesConstants;
import org.apache.camel.component.kubernetes.KubernetesOperations;

/**
 * The worker groups as the Deployments {@code producer} and {@code consumer} in Hammer's namespace.
 * Reads and scaling go through camel-kubernetes' kubernetes-deployments producer; the rolling restart
 * uses the same fabric8 client directly, because the component has no restart operation and its
 * updateDeployment replaces the whole object (an update, racing with the controller's own writes),
 * while a restart is a merge patch of one pod template annotation, as {@code kubectl rollout restart}
 * does. API calls made: GET deployments/NAME, GET and PUT deployments/NAME/scale, PATCH
 * deployments/NAME (see k8s/base/engine/console-rbac.yaml).
 */
public class KubernetesWorkers implements Workers {
    /** The pod template annotation {@code kubectl rollout restart} sets; changing it rolls the pods. */
    public static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";
    static final List<String> GROUPS = List.of("producer", "consumer");
    private static final String DEPLOYMENTS = "kubernetes-deployments:client?kubernetesClient=#kubernetesClient&operation=";

    private final ProducerTemplate camel;
    private final KubernetesClient client;
    private final String namespace;
    private final int maxReplicas;

    /**
     * @param client    the client the kubernetes-deployments component uses (bean {@code kubernetesClient})
     * @param namespace Hammer's namespace; null or blank for the client's own (in a pod, its service account's)
     */
    public KubernetesWorkers(ProducerTemplate camel, KubernetesClient client, String namespace, int maxReplicas) {
        this.camel = camel;
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

    /**
     * Scales through camel-kubernetes' scaleDeployment (fabric8's scale(): GET and PUT of the scale
     * subresource). That operation reads the result's status.replicas, so on a Deployment the
     * controller has not yet given a status (the first instants after its creation) it fails with a
     * NullPointerException after the scale was applied.
     */
    @Override
    public WorkerGroup scale(String group, int replicas) {
        known(group);
        if (replicas < 0 || replicas > maxReplicas) {
            throw new IllegalArgumentException("replicas of " + group + " must be between 0 and " + maxReplicas
                    + " (hammer.console.max-replicas), not " + replicas);
        }
        call(group, () -> camel.requestBodyAndHeaders(DEPLOYMENTS + KubernetesOperations.SCALE_DEPLOYMENT, null,
                headers(group, Map.of(KubernetesConstants.KUBERNETES_DEPLOYMENT_REPLICAS, replicas))));
        return current(group);
    }

    @Override
    public WorkerGroup restart(String group) {
        known(group);
        return group(call(group, () -> client.apps().deployments().inNamespace(namespace).withName(group).rolling().restart()));
    }

    private WorkerGroup current(String group) {
        Deployment deployment = get(group);
        if (deployment == null) {
            throw new NoSuchElementException(missing(group));
        }
        return group(deployment);
    }

    private Deployment get(String name) {
        return call(name, () -> camel.requestBodyAndHeaders(DEPLOYMENTS + KubernetesOperations.GET_DEPLOYMENT, null,
                headers(name, Map.of()), Deployment.class));
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

    private Map<String, Object> headers(String name, Map<String, Object> more) {
        Map<String, Object> headers = new java.util.HashMap<>(more);
        headers.put(KubernetesConstants.KUBERNETES_NAMESPACE_NAME, namespace);
        headers.put(KubernetesConstants.KUBERNETES_DEPLOYMENT_NAME, name);
        return headers;
    }

    private static void known(String group) {
        if (!GROUPS.contains(group)) {
            throw new NoSuchElementException("unknown worker group '" + group + "': producer or consumer");
        }
    }

    private String missing(String name) {
        return "no Deployment " + name + " in namespace " + namespace;
    }

    /** Runs one API call: a 404 becomes NoSuchElementException, the client's own exception is unwrapped from Camel's. */
    private <T> T call(String name, java.util.function.Supplier<T> request) {
        try {
            return request.get();
        } catch (CamelExecutionException e) {
            throw e.getCause() instanceof KubernetesClientException k ? translate(name, k) : e;
        } catch (KubernetesClientException e) {
            throw translate(name, e);
        }
    }

    private RuntimeException translate(String name, KubernetesClientException e) {
        return e.getCode() == 404 ? new NoSuchElementException(missing(name)) : e;
    }
}
