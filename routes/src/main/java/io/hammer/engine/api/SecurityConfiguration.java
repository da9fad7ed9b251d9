package io.hammer.engine.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.function.Supplier;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.actuate.info.InfoEndpoint;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusScrapeEndpoint;
import org.springframework.boot.security.autoconfigure.SecurityProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.util.StringUtils;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Two roles. {@code VIEWER} reads: the console's pages, {@code GET /api/**}, the reports.
 * {@code OPERATOR} also acts: starts runs, changes rates, pauses, aborts, scales and restarts workers,
 * and controls routes through hawtio and Jolokia, which only operators may open at all. Health, info
 * and Prometheus are open (probes and scrapers carry no credentials).
 *
 * <p>The operator is {@code spring.security.user.*} (user {@code hammer}, password
 * {@code HAMMER_PASSWORD}), so that scripts and the command line keep their login; the viewer is
 * {@code hammer.security.viewer.*} (user {@code viewer}, password {@code HAMMER_VIEWER_PASSWORD}). A
 * password left unset is generated and logged once at start-up.
 *
 * <p>Browsers log in with a form and keep a session, and every state-changing request of a session
 * carries a CSRF token (forms get it as a hidden field, hawtio from the XSRF-TOKEN cookie). Scripts
 * use HTTP basic on every request: those carry no session a forged page could ride on, so they need no token.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {
    public static final String VIEWER = "VIEWER";
    public static final String OPERATOR = "OPERATOR";
    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    @Bean
    SecurityFilterChain engineSecurity(HttpSecurity http) throws Exception {
        RequestMatcher api = PathPatternRequestMatcher.withDefaults().matcher("/api/**");
        RequestMatcher jolokia = PathPatternRequestMatcher.withDefaults().matcher("/actuator/jolokia/**");
        RequestMatcher basicAuthenticated = request -> request.getHeader("Authorization") != null;
        // Without a session there is nothing to forge: such a request is refused for want of a login
        // (401), not of a token; the login form itself keeps its token.
        RequestMatcher noSession = request -> request.getRequestedSessionId() == null && !"/login".equals(request.getServletPath());
        BasicAuthenticationEntryPoint basic = new BasicAuthenticationEntryPoint();
        basic.setRealmName("hammer");
        return http
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(EndpointRequest.to(HealthEndpoint.class, InfoEndpoint.class,
                                PrometheusScrapeEndpoint.class)).permitAll()
                        .requestMatchers("/login", "/error", "/console/**", "/webjars/**", "/favicon.ico").permitAll()
                        // hawtio, Jolokia and every other actuator endpoint: operators only.
                        .requestMatchers(EndpointRequest.toAnyEndpoint()).hasRole(OPERATOR)
                        .requestMatchers(HttpMethod.GET, "/**").hasAnyRole(VIEWER, OPERATOR)
                        .requestMatchers(HttpMethod.HEAD, "/**").hasAnyRole(VIEWER, OPERATOR)
                        .anyRequest().hasRole(OPERATOR))
                .formLogin(form -> form.defaultSuccessUrl("/", false))
                .httpBasic(httpBasic -> httpBasic.authenticationEntryPoint(basic))
                // Scripts get 401 with a basic challenge, browsers the login page.
                .exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(basic, api)
                        .defaultAuthenticationEntryPointFor(basic, jolokia)
                        .defaultAuthenticationEntryPointFor(basic, basicAuthenticated))
                .csrf(csrf -> csrf.csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
                        .csrfTokenRequestHandler(new FormOrHeaderCsrfTokens())
                        // Not /api/** as such: a signed-in browser's session must not be ridden there either.
                        .ignoringRequestMatchers(basicAuthenticated, noSession))
                .addFilterAfter(new LoadCsrfToken(), BasicAuthenticationFilter.class)
                .logout(Customizer.withDefaults())
                .build();
    }

    /**
     * A form sends the token it was rendered with (masked against BREACH); hawtio's JavaScript sends
     * the XSRF-TOKEN cookie's raw value in the X-XSRF-TOKEN header. Both are accepted.
     */
    static final class FormOrHeaderCsrfTokens extends CsrfTokenRequestAttributeHandler {
        private final XorCsrfTokenRequestAttributeHandler masked = new XorCsrfTokenRequestAttributeHandler();

        @Override
        public void handle(HttpServletRequest request, HttpServletResponse response, Supplier<CsrfToken> token) {
            masked.handle(request, response, token);
        }

        @Override
        public String resolveCsrfTokenValue(HttpServletRequest request, CsrfToken token) {
            return StringUtils.hasText(request.getHeader(token.getHeaderName()))
                    ? super.resolveCsrfTokenValue(request, token) : masked.resolveCsrfTokenValue(request, token);
        }
    }

    /** Loads the (deferred) token on every request, so that the XSRF-TOKEN cookie is there for hawtio. */
    static final class LoadCsrfToken extends OncePerRequestFilter {
        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
            if (token != null) {
                token.getToken();
            }
            chain.doFilter(request, response);
        }
    }

    @Bean
    UserDetailsService users(SecurityProperties properties,
                             @Value("${hammer.security.viewer.name:viewer}") String viewerName,
                             @Value("${hammer.security.viewer.password:}") String viewerPassword) {
        SecurityProperties.User operator = properties.getUser();
        if (operator.isPasswordGenerated()) {
            log.warn("Using generated password for operator {}: {} (set HAMMER_PASSWORD to choose one)",
                    operator.getName(), operator.getPassword());
        }
        String viewer = viewerPassword;
        if (viewer.isBlank()) {
            viewer = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
            log.warn("Using generated password for viewer {}: {} (set HAMMER_VIEWER_PASSWORD to choose one)", viewerName, viewer);
        }
        return new InMemoryUserDetailsManager(
                User.withUsername(operator.getName()).password("{noop}" + operator.getPassword()).roles(OPERATOR).build(),
                User.withUsername(viewerName).password("{noop}" + viewer).roles(VIEWER).build());
    }
}
