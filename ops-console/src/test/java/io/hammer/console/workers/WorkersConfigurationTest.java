package io.hammer.console.workers;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.hammer.engine.kafka.KafkaClients;
import java.util.Map;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.core.KafkaAdmin;

/** hammer.console.workers chooses the implementation behind the consoleWorkers bean. */
@EnableKubernetesMockClient(crud = true)
class WorkersConfigurationTest {
    static KubernetesClient client;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PropertyPlaceholderAutoConfiguration.class))
            .withUserConfiguration(WorkersConfiguration.class)
            .withBean(CamelContext.class, DefaultCamelContext::new)
            .withBean(ProducerTemplate.class, () -> new DefaultCamelContext().createProducerTemplate())
            .withBean(KafkaAdmin.class, () -> new KafkaAdmin(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9")))
            .withBean(KafkaProperties.class, KafkaProperties::new).withUserConfiguration(KafkaClients.class)
            .withPropertyValues("hammer.consumer.group=hammer-consumers", "hammer.topics.messages=messages");

    @Test
    void localByDefault() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(Workers.class).hasSingleBean(ConsumerGroupView.class);
            assertThat(context.getBean(WorkersConfiguration.WORKERS)).isInstanceOf(LocalWorkers.class);
            assertThat(context).doesNotHaveBean("kubernetesClient");
        });
    }

    @Test
    void kubernetesInTheCluster() {
        runner.withPropertyValues("hammer.console.workers=kubernetes", "hammer.console.kubernetes.namespace=hammer-test")
                .run(context -> {
                    assertThat(context.getBean(WorkersConfiguration.WORKERS)).isInstanceOf(KubernetesWorkers.class);
                    assertThat(context.getBean(KubernetesWorkers.class).namespace()).isEqualTo("hammer-test");
                });
    }

    /** In kubernetes mode, the console's Workers reach the API server with the client the configuration builds. */
    @Test
    void kubernetesModeReachesTheApiServerThroughCamelSpringBoot() {
        // With a status, as the Deployment controller writes at once.
        var deployment = new DeploymentBuilder().withNewMetadata().withName("producer").endMetadata()
                .withNewSpec().withReplicas(2).endSpec().withNewStatus().withReplicas(2).endStatus().build();
        client.apps().deployments().inNamespace("hammer-test").resource(deployment).create();
        client.apps().deployments().inNamespace("hammer-test").resource(deployment).updateStatus();
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(PropertyPlaceholderAutoConfiguration.class, CamelAutoConfiguration.class))
                .withUserConfiguration(WorkersConfiguration.class)
                .withBean(KafkaAdmin.class, () -> new KafkaAdmin(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9")))
                .withBean(KafkaProperties.class, KafkaProperties::new).withUserConfiguration(KafkaClients.class)
                .withSystemProperties("kubernetes.master=" + client.getMasterUrl(), "kubernetes.auth.tryKubeConfig=false",
                        "kubernetes.auth.tryServiceAccount=false", "kubernetes.trust.certificates=true")
                .withPropertyValues("hammer.consumer.group=hammer-consumers", "hammer.topics.messages=messages",
                        "hammer.console.workers=kubernetes", "hammer.console.kubernetes.namespace=hammer-test",
                        // Camel alone, without the engine's YAML routes (on this classpath, they need the engine's beans).
                        "camel.main.routes-include-pattern=classpath:no-routes/*")
                .run(context -> {
                    Workers workers = context.getBean(WorkersConfiguration.WORKERS, Workers.class);
                    assertThat(workers.scale("producer", 4).replicas()).isEqualTo(4);
                    assertThat(client.apps().deployments().inNamespace("hammer-test").withName("producer").get()
                            .getSpec().getReplicas()).isEqualTo(4);
                });
    }

    @Test
    void anyOtherModeStopsTheStartWithAClearMessage() {
        runner.withPropertyValues("hammer.console.workers=k8s").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessage("hammer.console.workers must be local or kubernetes, not 'k8s'"));
    }
}
