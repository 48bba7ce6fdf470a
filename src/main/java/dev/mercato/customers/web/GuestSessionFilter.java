package dev.mercato.customers.web;

import java.io.IOException;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import dev.mercato.customers.internal.Accounts;
import dev.mercato.platform.security.SessionRouteHeaders;
import dev.mercato.platform.web.DirectAnswers;
import dev.mercato.platform.web.DirectPostFilter;
import dev.mercato.platform.web.ProblemResponses;

/**
 * Answers the plain {@code POST /api/auth/guest} (the first request of every new shopper, one insert)
 * ahead of Spring Security's chain and Spring MVC, calling the same {@link Accounts#startGuestSession}
 * the controller calls: on the checkout bench (issue 13) the chain and MVC around it cost more CPU
 * than the session itself. The answer is the controller's, which {@code GuestSessionMatchesTheControllerTests}
 * compares header by header. Taken only without a body and without an {@code Authorization} header
 * (the chain judges any token it is given, even on a public route), and when
 * {@link DirectAnswers#plain} holds; everything else goes on to the chain and MVC. It runs where the
 * cart add's filter runs: after the request id, security headers, observation and admission control.
 */
@Component
@Order(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 1) // after Spring's request context (-105), before the chain (-100)
class GuestSessionFilter extends DirectPostFilter {

    static final String PATH = "/api/auth/guest";

    private final Accounts accounts;
    private final JsonMapper json;
    private final ProblemResponses problems;

    GuestSessionFilter(Accounts accounts, JsonMapper json, ProblemResponses problems, MeterRegistry meters) {
        super(PATH, meters);
        this.accounts = accounts;
        this.json = json;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!DirectAnswers.plain(request) || request.getHeader(HttpHeaders.AUTHORIZATION) != null || hasBody(request)) {
            chain.doFilter(request, response);
            return;
        }
        taken(request);
        SessionRouteHeaders.write(request, response);
        AuthController.TokenResponse token;
        try {
            var issued = accounts.startGuestSession();
            token = new AuthController.TokenResponse(issued.token(), null, issued.roles());
        } catch (RuntimeException failure) {
            problems.write(request, response, failure);
            return;
        }
        DirectAnswers.json(response, HttpServletResponse.SC_CREATED, json.writeValueAsBytes(token));
    }

    private static boolean hasBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
    }
}
