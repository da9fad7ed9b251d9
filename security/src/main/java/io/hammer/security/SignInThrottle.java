package io.hammer.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.ApplicationListener;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.authentication.event.AbstractAuthenticationEvent;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.security.web.authentication.www.BasicAuthenticationConverter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Backs off sign-ins after wrong passwords, per user name and per client address: after
 * {@code freeAttempts} failures in a row, that user, and anybody from that address, must wait
 * {@code backoff} before the next try, and each further failure doubles the wait (up to
 * {@code maxBackoff}); a sign-in
 * tried during the wait gets 429 with Retry-After and is not checked at all. A success clears both.
 *
 * <p>Failures are Spring Security's own authentication events (form login and HTTP basic alike), so
 * this needs no knowledge of how a password is checked. Shared by the engine and Anvil (this module is
 * the one both depend on); each registers it as a bean (for the events) and adds {@link #filter()} to
 * its filter chain before the authentication filters.
 */
public class SignInThrottle implements ApplicationListener<AbstractAuthenticationEvent> {
    /** Beyond this many names and addresses with failures, the forgotten ones are dropped first. */
    private static final int MAX_TRACKED = 10_000;

    private final int freeAttempts;
    private final Duration backoff;
    private final Duration maxBackoff;
    private final Clock clock;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    private record Failures(int count, Instant retryAt) {
    }

    public SignInThrottle(int freeAttempts, Duration backoff, Duration maxBackoff, Clock clock) {
        this.freeAttempts = freeAttempts;
        this.backoff = backoff;
        this.maxBackoff = maxBackoff;
        this.clock = clock;
    }

    /** How long a sign-in as {@code username} from {@code address} must still wait; zero when it may go ahead. */
    public Duration waitFor(String username, String address) {
        Instant now = clock.instant();
        Instant retryAt = later(retryAt(user(username)), retryAt(ip(address)));
        return retryAt == null || !retryAt.isAfter(now) ? Duration.ZERO : Duration.between(now, retryAt);
    }

    public void failed(String username, String address) {
        if (failures.size() > MAX_TRACKED) {
            Instant forgotten = clock.instant().minus(maxBackoff);
            failures.values().removeIf(f -> f.retryAt().isBefore(forgotten));
        }
        for (String key : new String[] {user(username), ip(address)}) {
            if (key == null) {
                continue;
            }
            failures.compute(key, (k, before) -> {
                int count = before == null ? 1 : before.count() + 1;
                return new Failures(count, clock.instant().plus(delay(count)));
            });
        }
    }

    public void succeeded(String username, String address) {
        if (username != null) {
            failures.remove(user(username));
        }
        if (address != null) {
            failures.remove(ip(address));
        }
    }

    @Override
    public void onApplicationEvent(AbstractAuthenticationEvent event) {
        String username = event.getAuthentication().getName();
        String address = event.getAuthentication().getDetails() instanceof WebAuthenticationDetails details
                ? details.getRemoteAddress() : null;
        if (event instanceof AuthenticationFailureBadCredentialsEvent) {
            failed(username, address);
        } else if (event instanceof AuthenticationSuccessEvent) {
            succeeded(username, address);
        }
    }

    /**
     * Answers 429 to a sign-in (HTTP basic credentials, or a POST of the login form to
     * {@code loginPath}; null: no form) while its user name or address has to wait.
     */
    public OncePerRequestFilter filter(String loginPath) {
        BasicAuthenticationConverter basic = new BasicAuthenticationConverter();
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                String username = null;
                if (loginPath != null && HttpMethod.POST.matches(request.getMethod()) && loginPath.equals(request.getServletPath())) {
                    username = request.getParameter("username");
                } else if (request.getHeader("Authorization") != null) {
                    try {
                        UsernamePasswordAuthenticationToken credentials = basic.convert(request);
                        username = credentials == null ? null : credentials.getName();
                    } catch (AuthenticationException malformed) {
                        username = null; // the basic filter refuses it
                    }
                }
                Duration wait = username == null ? Duration.ZERO : waitFor(username, request.getRemoteAddr());
                if (wait.isZero()) {
                    chain.doFilter(request, response);
                    return;
                }
                long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
                response.setStatus(429);
                response.setHeader("Retry-After", Long.toString(seconds));
                response.setContentType("text/plain;charset=UTF-8");
                response.getWriter().write("Too many failed sign-ins: try again in " + seconds + " s\n");
            }
        };
    }

    private Duration delay(int count) {
        if (count < freeAttempts) {
            return Duration.ZERO;
        }
        int doublings = Math.min(count - freeAttempts, 30);
        Duration delay = backoff.multipliedBy(1L << doublings);
        return delay.compareTo(maxBackoff) > 0 ? maxBackoff : delay;
    }

    private Instant retryAt(String key) {
        Failures f = key == null ? null : failures.get(key);
        return f == null ? null : f.retryAt();
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }

    private static String user(String username) {
        return username == null ? null : "user:" + username;
    }

    private static String ip(String address) {
        return address == null ? null : "ip:" + address;
    }
}
