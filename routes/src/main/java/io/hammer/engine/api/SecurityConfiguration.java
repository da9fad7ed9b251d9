package io.hammer.engine.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import io.hammer.security.SignInThrottle;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.Supplier;
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
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.StringUtils;
import org.springframework.web.filter.OncePerRequestFilter;

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
 * <p>Two filter chains with the same rules. A request with an {@code Authorization} header (scripts,
 * the CLI) goes through the first: HTTP basic only, no session read or made, so it is authenticated by
 * that header or not at all, and needs no CSRF token (a forged page cannot set the header). Every other
 * request (browsers) signs in with the form and keeps a session, and each state-changing request of a
 * session carries a CSRF token (forms get it as a hidden field, hawtio from the XSRF-TOKEN cookie): a
 * session request that merely adds some {@code Authorization} header is in the first chain, where the
 * session counts for nothing. Wrong passwords back off ({@link SignInThrottle}) on both.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {
    public static final String VIEWER = "VIEWER";
    public static final String OPERATOR = "OPERATOR";
    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);
    private static final String LOGIN = "/login";

    @Bean
    SignInThrottle signInThrottle(@Value("${hammer.security.sign-in.free-attempts:5}") int freeAttempts,
                                  @Value("${hammer.security.sign-in.backoff:1s}") Duration backoff,
                                  @Value("${hammer.security.sign-in.max-backoff:5m}") Duration maxBackoff) {
        return new SignInThrottle(freeAttempts, backoff, maxBackoff, Clock.systemUTC());
    }

    @Bean
    @Order(1)
    SecurityFilterChain basicAuthSecurity(HttpSecurity http, SignInThrottle throttle) throws Exception {
        BasicAuthenticationEntryPoint basic = basicEntryPoint();
        return authorize(http.securityMatcher(request -> request.getHeader(HttpHeaders.AUTHORIZATION) != null))
                .httpBasic(httpBasic -> httpBasic.authenticationEntryPoint(basic))
                .exceptionHandling(e -> e.authenticationEntryPoint(basic))
                // Authenticated by the header or not at all: a session cookie sent along is not read.
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .securityContext(context -> context.securityContextRepository(new RequestAttributeSecurityContextRepository()))
                .csrf(csrf -> csrf.disable())
                .headers(SecurityHeaders::apply)
                .addFilterBefore(throttle.filter(null), BasicAuthenticationFilter.class)
                .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain sessionSecurity(HttpSecurity http, SignInThrottle throttle) throws Exception {
        RequestMatcher api = PathPatternRequestMatcher.withDefaults().matcher("/api/**");
        RequestMatcher jolokia = PathPatternRequestMatcher.withDefaults().matcher("/actuator/jolokia/**");
        // Without a session there is nothing to forge: such a request is refused for want of a login
        // (401), not of a token; the login form itself keeps its token.
        RequestMatcher noSession = request -> request.getRequestedSessionId() == null && !LOGIN.equals(request.getServletPath());
        BasicAuthenticationEntryPoint basic = basicEntryPoint();
        CookieCsrfTokenRepository tokens = CookieCsrfTokenRepository.withHttpOnlyFalse();
        tokens.setCookieCustomizer(cookie -> cookie.sameSite("Lax"));
        return authorize(http)
                .formLogin(form -> form.defaultSuccessUrl("/", false))
                // Scripts get 401 with a basic challenge, browsers the login page.
                .exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(basic, api)
                        .defaultAuthenticationEntryPointFor(basic, jolokia))
                .csrf(csrf -> csrf.csrfTokenRepository(tokens)
                        .csrfTokenRequestHandler(new FormOrHeaderCsrfTokens())
                        .ignoringRequestMatchers(noSession))
                .headers(SecurityHeaders::apply)
                .addFilterAfter(new LoadCsrfToken(), CsrfFilter.class)
                .addFilterBefore(throttle.filter(LOGIN), UsernamePasswordAuthenticationFilter.class)
                .logout(Customizer.withDefaults())
                .build();
    }

    /** Who may do what, the same in both chains. */
    private static HttpSecurity authorize(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(auth -> auth
                .requestMatchers(EndpointRequest.to(HealthEndpoint.class, InfoEndpoint.class,
                        PrometheusScrapeEndpoint.class)).permitAll()
                .requestMatchers(LOGIN, "/error", "/console/**", "/webjars/**", "/favicon.ico").permitAll()
                // Jolokia is POST only (jolokia-access.xml). A GET of the agent's root answers its version:
                // hawtio finds Jolokia that way (operators only, below); any other GET gets nothing.
                .requestMatchers(PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, "/actuator/jolokia/*/**"))
                .denyAll()
                // Jolokia (the console's own servlet on Boot 4, no actuator endpoint) and every actuator
                // endpoint: operators only.
                .requestMatchers(PathPatternRequestMatcher.withDefaults().matcher("/actuator/jolokia/**")).hasRole(OPERATOR)
                .requestMatchers(EndpointRequest.toAnyEndpoint()).hasRole(OPERATOR)
                .requestMatchers(HttpMethod.GET, "/**").hasAnyRole(VIEWER, OPERATOR)
                .requestMatchers(HttpMethod.HEAD, "/**").hasAnyRole(VIEWER, OPERATOR)
                .anyRequest().hasRole(OPERATOR));
    }

    private static BasicAuthenticationEntryPoint basicEntryPoint() {
        BasicAuthenticationEntryPoint basic = new BasicAuthenticationEntryPoint();
        basic.setRealmName("hammer");
        return basic;
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
