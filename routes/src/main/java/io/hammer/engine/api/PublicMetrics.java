package io.hammer.engine.api;

import io.micrometer.core.instrument.config.MeterFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * /actuator/prometheus is open (scrapers carry no credentials), so it must tell nothing about where
 * Hammer runs: Lettuce's command meters carry the Redis server's address in their local and remote
 * tags, which are dropped here (the figures stay, per command). The disk meters, which name the
 * working directory, are off in application.yaml (management.metrics.enable.disk).
 */
@Configuration(proxyBeanMethods = false)
public class PublicMetrics {

    @Bean
    MeterFilter noRedisAddressInMetrics() {
        MeterFilter drop = MeterFilter.ignoreTags("local", "remote");
        return new MeterFilter() {
            @Override
            public io.micrometer.core.instrument.Meter.Id map(io.micrometer.core.instrument.Meter.Id id) {
                return id.getName().startsWith("lettuce.") ? drop.map(id) : id;
            }
        };
    }
}
