package io.hammer.console.workers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.core.KafkaAdmin;

/** hammer.console.workers chooses the implementation behind the consoleWorkers bean. */
class WorkersConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PropertyPlaceholderAutoConfiguration.class))
            .withUserConfiguration(WorkersConfiguration.class)
            .withBean(CamelContext.class, DefaultCamelContext::new)
            .withBean(ProducerTemplate.class, () -> new DefaultCamelContext().createProducerTemplate())
            .withBean(KafkaAdmin.class, () -> new KafkaAdmin(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9")))
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

    @Test
    void anyOtherModeStopsTheStartWithAClearMessage() {
        runner.withPropertyValues("hammer.console.workers=k8s").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessage("hammer.console.workers must be local or kubernetes, not 'k8s'"));
    }
}
