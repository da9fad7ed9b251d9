package io.hammer.engine;

import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Clock;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** Shared infrastructure beans: the clock, the target's HTTP client settings, Hammer's topics. */
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
