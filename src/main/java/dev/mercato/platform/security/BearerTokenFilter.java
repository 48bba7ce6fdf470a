package dev.mercato.platform.security;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.mercato.platform.web.ProblemResponses;

/**
 * Authenticates {@code Authorization: Bearer} requests. A request without a token goes on as
 * anonymous (public routes stay public); a request with a token that does not resolve is refused
 * with 401 even on a public route, so a client learns at once that its token is stale. A token that
 * could not be looked up (no free connection, a lock timeout) is 503 {@code try-again}, not 500.
 */
final class BearerTokenFilter extends OncePerRequestFilter {

    private static final String PREFIX = "Bearer ";
    private static final Logger log = LoggerFactory.getLogger(BearerTokenFilter.class);

    private final AccessTokens tokens;
    private final ProblemResponses problems;

    BearerTokenFilter(AccessTokens tokens, ProblemResponses problems) {
        this.tokens = tokens;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            chain.doFilter(request, response);
            return;
        }
        if (!header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            unauthorized(response, "Only bearer tokens are accepted in the Authorization header");
            return;
        }
        Optional<Caller> caller;
        try {
            caller = tokens.resolve(header.substring(PREFIX.length()).trim());
        } catch (RuntimeException e) {
            if (!ProblemResponses.isTransientDatabaseFailure(e)) {
                throw e;
            }
            log.warn("transient database failure resolving a bearer token, client asked to retry: {}", e.getMessage());
            problems.tryAgain(response);
            return;
        }
        if (caller.isEmpty()) {
            unauthorized(response, "The bearer token is unknown, revoked or expired");
            return;
        }
        SecurityContextHolder.getContext().setAuthentication(new CallerAuthentication(caller.get()));
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    private void unauthorized(HttpServletResponse response, String detail) throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
        problems.write(response, HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", detail);
    }
}
