package io.hammer.engine;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import java.time.Clock;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.TopicBuilder;

/** Shared infrastructure beans: the clock, Hammer's JSON mapper, Hammer's topics, the role tag. */
@Configuration(proxyBeanMethods = false)
public class EngineConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * Hammer's own JSON (run specs, summaries, reports, Redis values): Jackson 2, as Camel's components
     * use, with the settings Spring Boot 3 gave its mapper (ISO dates, unknown fields ignored where a
     * reader does not check them itself). Spring MVC's request and response bodies use Boot 4's Jackson 3.
     */
    @Bean
    ObjectMapper hammerJson() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    /** Every meter carries the instance's roles (for example {@code producer+consumer}), beside its run. */
    @Bean
    MeterFilter roleTag(Environment environment) {
        String roles = Stream.of("generator", "producer", "consumer")
                .filter(role -> environment.getProperty("hammer.role." + role, Boolean.class, true))
                .collect(Collectors.joining("+"));
        return MeterFilter.commonTags(Tags.of("role", roles.isEmpty() ? "none" : roles));
    }

    /** Kafka's topics, created at start by Spring's KafkaAdmin; with hammer.queue=pulsar there are none to make. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "hammer.queue", havingValue = "kafka", matchIfMissing = true)
    static class KafkaTopics {
        @Bean
        NewTopic messagesTopic(HammerProperties properties) {
            return topic(properties.topics().messages(), properties);
        }

        @Bean
        NewTopic deadLetterTopic(HammerProperties properties) {
            return topic(properties.topics().deadLetter(), properties);
        }

        @Bean
        NewTopic metricsTopic(HammerProperties properties) {
            return topic(properties.topics().metrics(), properties);
        }

        private static NewTopic topic(String name, HammerProperties properties) {
            return TopicBuilder.name(name).partitions(properties.topics().partitions()).build();
        }
    }
}
