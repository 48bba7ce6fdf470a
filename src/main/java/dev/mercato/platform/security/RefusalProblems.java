package dev.mercato.platform.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.util.matcher.RequestMatcher;

import dev.mercato.platform.web.ProblemResponses;

/**
 * The problem documents of a refused request: 401 with {@code WWW-Authenticate: Bearer} when no
 * token came, 403 when the caller's token is not enough. The 403 says why: a guest on a
 * customers-only route is told to log in ({@code login-required}), a route nobody classified says
 * it is open to no one, anything else names the missing role.
 */
final class RefusalProblems implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final ProblemResponses problems;
    private final RequestMatcher customerOnly;

    RefusalProblems(ProblemResponses problems, RequestMatcher customerOnly) {
        this.problems = problems;
        this.customerOnly = customerOnly;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        problems.write(response, HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized",
                "This route needs an Authorization: Bearer token");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        if (e instanceof AuthorizationDeniedException denied
                && denied.getAuthorizationResult() == UnclassifiedRoutes.UNCLASSIFIED) {
            problems.write(response, HttpStatus.FORBIDDEN, "forbidden", "Forbidden", "This route is not open to any caller");
        } else if (customerOnly.matches(request)) {
            problems.write(response, HttpStatus.FORBIDDEN, "login-required", "Login required",
                    "This route is for customers: log in or register, a guest session is not enough");
        } else {
            problems.write(response, HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                    "Your account does not have the role this route needs");
        }
    }
}
