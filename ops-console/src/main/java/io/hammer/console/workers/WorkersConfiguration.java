package io.hammer.console.workers;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.hammer.engine.kafka.KafkaClients;
import java.time.Duration;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Chooses how the console controls workers: {@code hammer.console.workers=local} (the default:
 * every role in this JVM, groups are Camel routes) or {@code kubernetes} (groups are Deployments in
 * {@code hammer.console.kubernetes.namespace}, by default the pod's own). Either way the bean is
 * {@value #WORKERS} of type {@link Workers}, beside {@value #CONSUMER_GROUP} ({@link ConsumerGroupView}).
 */
@Configuration(proxyBeanMethods = false)
public class WorkersConfiguration {
    public static final String MODE = "hammer.console.workers";
    /** Not "workers": the engine's io.hammer.engine.pace.Workers has that name when both run in one JVM. */
    public static final String WORKERS = "consoleWorkers";
    public static final String CONSUMER_GROUP = "consumerGroupView";

    public WorkersConfiguration(@Value("${" + MODE + ":local}") String mode) {
        if (!Set.of("local", "kubernetes").contains(mode)) {
            throw new IllegalArgumentException(MODE + " must be local or kubernetes, not '" + mode + "'");
        }
    }

    /** In a pod, fabric8 reads the service account's token, CA and namespace. */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = MODE, havingValue = "kubernetes")
    KubernetesClient kubernetesClient() {
        return new KubernetesClientBuilder().build();
    }

    @Bean(WORKERS)
    @ConditionalOnProperty(name = MODE, havingValue = "kubernetes")
    Workers kubernetesWorkers(KubernetesClient kubernetesClient,
                              @Value("${hammer.console.kubernetes.namespace:}") String namespace,
                              @Value("${hammer.console.max-replicas:64}") int maxReplicas) {
        return new KubernetesWorkers(kubernetesClient, namespace, maxReplicas);
    }

    @Bean(WORKERS)
    @ConditionalOnProperty(name = MODE, havingValue = "local", matchIfMissing = true)
    Workers localWorkers(CamelContext camel) {
        return new LocalWorkers(camel);
    }

    @Bean(CONSUMER_GROUP)
    ConsumerGroupView consumerGroupView(KafkaClients kafka,
                                        @Value("${hammer.consumer.group}") String group,
                                        @Value("${hammer.topics.messages}") String topic,
                                        @Value("${hammer.console.kafka-timeout-ms:5000}") long timeoutMillis) {
        return new ConsumerGroupView(kafka.admin(), group, topic, Duration.ofMillis(timeoutMillis));
    }
}
