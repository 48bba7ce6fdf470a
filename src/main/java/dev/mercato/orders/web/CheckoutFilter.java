package dev.mercato.orders.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Validator;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import dev.mercato.orders.internal.Checkout;
import dev.mercato.orders.internal.CheckoutRequest;
import dev.mercato.orders.internal.CheckoutResult;
import dev.mercato.platform.commerce.Owner;
import dev.mercato.platform.ratelimit.RateLimiter;
import dev.mercato.platform.security.AccessTokens;
import dev.mercato.platform.security.Caller;
import dev.mercato.platform.security.SessionRouteHeaders;
import dev.mercato.platform.web.DirectAnswers;
import dev.mercato.platform.web.DirectPostFilter;
import dev.mercato.platform.web.ProblemResponses;

/**
 * Answers the plain {@code POST /api/orders} ahead of Spring Security's chain and Spring MVC, calling
 * the same {@link Checkout#placeOrder} the controller calls, after the same checkout rate limit: on the
 * checkout bench (issue 13) the chain and MVC around a checkout were about an eighth of the JVM's CPU
 * per order. The answer is the controller's ({@code CheckoutMatchesTheControllerTests} compares them,
 * replays and refusals included).
 *
 * <p>Taken only when {@link DirectAnswers#plain} holds, the {@code Idempotency-Key} is well formed,
 * the {@code Bearer} token resolves to a caller and the body (printable ASCII, JSON content type)
 * reads as the controller's {@link CheckoutRequest} with the same mapper and passes the same Bean
 * Validation constraints; anything else goes on to the chain and MVC, which refuse it as before, and
 * nothing has been written by then. A failure once the checkout ran is answered as MVC's problem
 * handler answers it, never by running it again: the idempotency key makes a retry the client's call.
 */
@Component
@Order(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 1) // after Spring's request context (-105), before the chain (-100)
class CheckoutFilter extends DirectPostFilter {

    static final String PATH = "/api/orders";

    private final AccessTokens tokens;
    private final Checkout checkout;
    private final RateLimiter limiter;
    private final JsonMapper json;
    private final Validator validator;
    private final ProblemResponses problems;

    CheckoutFilter(AccessTokens tokens, Checkout checkout, RateLimiter limiter, JsonMapper json, Validator validator,
            ProblemResponses problems, MeterRegistry meters) {
        super(PATH, meters);
        this.tokens = tokens;
        this.checkout = checkout;
        this.limiter = limiter;
        this.json = json;
        this.validator = validator;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader("Idempotency-Key");
        CheckoutRequest order = DirectAnswers.plain(request) && key != null && OrderController.KEY.matcher(key).matches()
                ? DirectAnswers.validBody(request, json, validator, CheckoutRequest.class) : null;
        Optional<Caller> caller = order == null ? Optional.empty() : tokens.fromAuthorization(request.getHeader(HttpHeaders.AUTHORIZATION));
        if (caller.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        taken(request);
        CheckoutResult result;
        try {
            limiter.acquire("checkout", limiter.settings().checkout(), Owner.of(caller.get()).key());
            result = checkout.placeOrder(caller.get(), key, order);
        } catch (RuntimeException failure) {
            SessionRouteHeaders.write(request, response);
            problems.write(request, response, failure);
            return;
        }
        // the controller's headers first, then the chain's, as the chain writes its own when the answer is committed
        if (result.replayed()) {
            response.setHeader("Idempotent-Replayed", "true");
        }
        if (result.orderId() != null && !result.isProblem()) {
            response.setHeader(HttpHeaders.LOCATION, "/api/orders/" + result.orderId());
        }
        SessionRouteHeaders.write(request, response);
        DirectAnswers.write(response, result.status(),
                result.isProblem() ? MediaType.APPLICATION_PROBLEM_JSON_VALUE : MediaType.APPLICATION_JSON_VALUE,
                result.body().getBytes(StandardCharsets.UTF_8));
    }
}
