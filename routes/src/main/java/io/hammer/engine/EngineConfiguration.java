package io.hammer.engine;

import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.client.WebClientOptions;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import java.time.Clock;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.TopicBuilder;

/** Shared infrastructure beans: the clock, the target's HTTP client settings, Hammer's topics, the role tag. */
@Configuration(proxyBeanMethods = false)
public class EngineConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * One pool of keep-alive connections to the target, shared by every delivery. Vert.x defaults
     * to 5 connections per host, far too few to keep hundreds of requests in flight.
     */
    @Bean
    WebClientOptions targetClientOptions(HammerProperties properties) {
        HammerProperties.Target target = properties.target();
        return new WebClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_1_1)
                .setKeepAlive(true)
                .setMaxPoolSize(target.connections())
                .setMaxWaitQueueSize(-1)
                .setConnectTimeout((int) target.timeoutMs())
                .setUserAgent("hammer");
    }

    /** Every meter carries the instance's roles (for example {@code producer+consumer}), beside its run. */
    @Bean
    MeterFilter roleTag(Environment environment) {
        String roles = Stream.of("generator", "producer", "consumer")
                .filter(role -> environment.getProperty("hammer.role." + role, Boolean.class, true))
                .collect(Collectors.joining("+"));
        return MeterFilter.commonTags(Tags.of("role", roles.isEmpty() ? "none" : roles));
    }

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
