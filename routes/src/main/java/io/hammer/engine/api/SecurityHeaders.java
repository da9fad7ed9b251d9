package io.hammer.engine.api;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.web.header.writers.ContentSecurityPolicyHeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Content-Security-Policy by kind of page. The console's pages load scripts and styles from the
 * engine only and run no inline script; only style attributes (progress bars) may be inline. A run's
 * HTML report is one self-contained page: its inline styles and SVG, no script at all. (hawtio is not
 * embedded on Spring Boot 4: it runs on its own, with its own policy, and reaches only Jolokia here.)
 */
final class SecurityHeaders {
    static final String CONSOLE = "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; "
            + "img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; "
            + "form-action 'self'; frame-ancestors 'none'";
    static final String REPORT = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
            + "form-action 'none'; frame-ancestors 'none'";
    private SecurityHeaders() {
    }

    static void apply(HeadersConfigurer<HttpSecurity> headers) {
        RequestMatcher report = PathPatternRequestMatcher.withDefaults().matcher("/api/runs/*/report.html");
        RequestMatcher console = new NegatedRequestMatcher(report);
        headers.addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(console, new ContentSecurityPolicyHeaderWriter(CONSOLE)))
                .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(report, new ContentSecurityPolicyHeaderWriter(REPORT)))
                .referrerPolicy(referrer -> referrer.policy(
                        org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN));
    }
}
