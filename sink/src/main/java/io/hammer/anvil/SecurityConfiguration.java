package io.hammer.anvil;

import io.hammer.security.SignInThrottle;
import java.time.Clock;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.actuate.info.InfoEndpoint;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusScrapeEndpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * {@code POST /orders} is open, as a matching engine's order entry is to its test clients (Anvil
 * listens on {@code anvil.bind-address}, this machine only unless set); health, info and Prometheus
 * are open for probes and scrapers; {@code /admin} and everything else need the admin login
 * (spring.security.user.*, see anvil.yaml), whose wrong passwords back off ({@code anvil.sign-in.*}).
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    @Bean
    SignInThrottle signInThrottle(AnvilProperties properties) {
        AnvilProperties.SignIn signIn = properties.signIn();
        return new SignInThrottle(signIn.freeAttempts(), signIn.backoff(), signIn.maxBackoff(), Clock.systemUTC());
    }

    @Bean
    SecurityFilterChain anvilSecurity(HttpSecurity http, SignInThrottle throttle) throws Exception {
        return http
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(HttpMethod.POST, "/orders").permitAll()
                        .requestMatchers(EndpointRequest.to(HealthEndpoint.class, InfoEndpoint.class,
                                PrometheusScrapeEndpoint.class)).permitAll()
                        .anyRequest().authenticated())
                .httpBasic(Customizer.withDefaults())
                // No sessions: every request carries its credentials, and /orders must not create one per order.
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // Stateless JSON endpoints: no cookie a forged cross-site form could ride on.
                .csrf(csrf -> csrf.disable())
                .addFilterBefore(throttle.filter(null), BasicAuthenticationFilter.class)
                .build();
    }
}
