package dev.mercato.platform.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.mercato.platform.web.ProblemResponses;

/**
 * Authenticates {@code Authorization: Bearer} requests. A request without a token goes on as
 * anonymous (public routes stay public); a request with a token that does not resolve is refused
 * with 401 even on a public route, so a client learns at once that its token is stale.
 */
final class BearerTokenFilter extends OncePerRequestFilter {

    private static final String PREFIX = "Bearer ";

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
        var caller = tokens.resolve(header.substring(PREFIX.length()).trim());
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
