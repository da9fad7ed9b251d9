package io.hammer.engine.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaEndpoint;
import org.apache.camel.component.kafka.springboot.KafkaComponentAutoConfiguration;
import org.apache.camel.component.kafka.springboot.SpringKafkaPropertiesAutoConfiguration;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Security set only as Spring Boot's spring.kafka.* reaches every client's effective configuration:
 * Camel's kafka producer and consumer (as the routes and route templates create them), the admin
 * client and the consumers Hammer creates itself, including what camel-kafka-starter's bridge does
 * not carry (PEM trust certificates, ssl.endpoint.identification.algorithm, other sasl.* settings).
 */
class KafkaClientsTest {
    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required"
            + " username=\"hammer\" password=\"s3cret\";";
    private static final String PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";
    private static final Map<String, Object> EXPECTED = Map.of(
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "SCRAM-SHA-512",
            "sasl.jaas.config", JAAS,
            "sasl.login.connect.timeout.ms", "15000",
            "ssl.truststore.type", "PEM",
            "ssl.truststore.certificates", PEM,
            "ssl.endpoint.identification.algorithm", "");

    /** Spring Boot's Kafka and Camel's kafka component as the engine has them, without routes. */
    private final ApplicationContextRunner bootAndCamel = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, CamelAutoConfiguration.class,
                    SpringKafkaPropertiesAutoConfiguration.class, KafkaComponentAutoConfiguration.class))
            .withUserConfiguration(KafkaClients.class)
            .withPropertyValues("camel.main.routes-include-pattern=classpath:no-routes/*");
    private final ApplicationContextRunner runner = bootAndCamel
            .withPropertyValues(
                    "spring.kafka.bootstrap-servers=broker-1:9093,broker-2:9093",
                    "spring.kafka.security.protocol=SASL_SSL",
                    "spring.kafka.ssl.trust-store-type=PEM",
                    "spring.kafka.ssl.trust-store-certificates=" + PEM,
                    "spring.kafka.properties[sasl.mechanism]=SCRAM-SHA-512",
                    "spring.kafka.properties[sasl.jaas.config]=" + JAAS,
                    "spring.kafka.properties[sasl.login.connect.timeout.ms]=15000",
                    "spring.kafka.properties[ssl.endpoint.identification.algorithm]=");

    @Test
    void camelsKafkaProducerAndConsumerGetTheBrokersAndEverySecuritySetting() {
        runner.run(context -> {
            KafkaEndpoint endpoint = context.getBean(CamelContext.class).getEndpoint("kafka:messages", KafkaEndpoint.class);
            Properties producer = endpoint.getConfiguration().createProducerProperties();
            Properties consumer = endpoint.getConfiguration().createConsumerProperties();
            assertThat(producer).containsAllEntriesOf(EXPECTED);
            assertThat(consumer).containsAllEntriesOf(EXPECTED);
            // Camel adds bootstrap.servers from its brokers option when it creates a client.
            assertThat(endpoint.getConfiguration().getBrokers()).isEqualTo("broker-1:9093,broker-2:9093");
        });
    }

    @Test
    void theAdminAndTheClientsHammerCreatesGetTheSameSettings() {
        runner.run(context -> {
            KafkaClients clients = context.getBean(KafkaClients.class);
            assertThat(clients.admin()).containsAllEntriesOf(EXPECTED)
                    .isEqualTo(context.getBean(KafkaAdmin.class).getConfigurationProperties());
            Map<String, Object> consumer = clients.client(Map.of("max.poll.records", 5000));
            assertThat(consumer).containsAllEntriesOf(EXPECTED).containsEntry("max.poll.records", 5000);
            assertThat(consumer.get("bootstrap.servers")).asString().contains("broker-1:9093", "broker-2:9093");
            assertThat(clients.security()).doesNotContainKey("bootstrap.servers");
        });
    }

    /** As a Kubernetes Secret gives them (README): environment variables in Spring Boot's relaxed form. */
    @Test
    void environmentVariablesReachCamelAndTheClientsToo() {
        bootAndCamel
                .withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(
                        new SystemEnvironmentPropertySource(
                                // Spring Boot maps names like an environment's only for sources named so.
                                "secret-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(
                                "SPRING_KAFKA_BOOTSTRAP_SERVERS", "broker-1:9093",
                                "SPRING_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                                "SPRING_KAFKA_PROPERTIES_SASL_MECHANISM", "SCRAM-SHA-512",
                                "SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG", JAAS))))
                .run(context -> {
                    Map<String, Object> expected = Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512",
                            "sasl.jaas.config", JAAS);
                    KafkaEndpoint endpoint = context.getBean(CamelContext.class).getEndpoint("kafka:messages", KafkaEndpoint.class);
                    assertThat(endpoint.getConfiguration().createConsumerProperties()).containsAllEntriesOf(expected);
                    assertThat(endpoint.getConfiguration().getBrokers()).isEqualTo("broker-1:9093");
                    assertThat(context.getBean(KafkaClients.class).client(Map.of())).containsAllEntriesOf(expected);
                });
    }

    @Test
    void withoutSecuritySettingsCamelKeepsItsPlaintextDefault() {
        bootAndCamel
                .withPropertyValues("spring.kafka.bootstrap-servers=broker-1:9092")
                .run(context -> {
                    KafkaEndpoint endpoint = context.getBean(CamelContext.class).getEndpoint("kafka:messages", KafkaEndpoint.class);
                    assertThat(endpoint.getConfiguration().createProducerProperties())
                            .containsEntry("security.protocol", "PLAINTEXT").doesNotContainKey("sasl.jaas.config");
                    assertThat(endpoint.getConfiguration().getBrokers()).isEqualTo("broker-1:9092");
                    assertThat(context.getBean(KafkaClients.class).security()).doesNotContainKey("sasl.jaas.config");
                });
    }
}
