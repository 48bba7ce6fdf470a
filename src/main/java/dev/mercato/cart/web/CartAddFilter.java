package dev.mercato.cart.web;

import java.io.IOException;
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
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import dev.mercato.cart.internal.CartService;
import dev.mercato.cart.internal.CartView;
import dev.mercato.platform.database.TransientFailureRetry;
import dev.mercato.platform.security.AccessTokens;
import dev.mercato.platform.security.Caller;
import dev.mercato.platform.security.SessionRouteHeaders;
import dev.mercato.platform.web.DirectAnswers;
import dev.mercato.platform.web.DirectPostFilter;
import dev.mercato.platform.web.ProblemResponses;

/**
 * Answers the plain {@code POST /api/cart/items} (the flash-sale route: thousands of buyers add one
 * SKU at once) ahead of Spring Security's chain and Spring MVC, calling the same
 * {@link CartService#add} the controller calls. In the issue 13 profile the chain and MVC's dispatch
 * around the handler (argument resolution, validation, message conversion) were about 60% of a cart
 * add's request CPU and the add itself under 15%.
 *
 * <p>The answer is the controller's (same status, headers and body shape:
 * {@code CartAddMatchesTheControllerTests} compares them, refusals included). Only the plain case is
 * taken: the exact path with no query, a {@code Bearer} token that resolves to a caller (the route is
 * a session route: any guest or customer token), no {@code Origin} (CORS is the chain's), a JSON
 * body of ASCII characters ({@code Content-Type: application/json}, no other charset than UTF-8)
 * that reads as the controller's {@link CartController.AddItem} with the same mapper and passes
 * the same Bean Validation constraints, and an {@code Accept} that takes JSON. Anything else goes on
 * to the chain and MVC unchanged, which then refuse it exactly as before (401 for a bad token, 400
 * naming the field for bad input); nothing has been written or held by then. Once the add has run,
 * its failure is answered here as MVC's problem handler answers it ({@link ProblemResponses#write(
 * HttpServletRequest, HttpServletResponse, RuntimeException)}), never by running the add again.
 *
 * <p>It runs after the request id, security headers, {@code http.server.requests} observation (the
 * add is counted there with its route pattern as {@code uri}), the size limit, the body read and
 * admission control, so the add still waits for a slot like any request that needs the database,
 * and after Spring's request context is bound, as it is for the controller.
 * Answers taken here are also counted in {@code http_direct_answers_total{uri}}.
 */
@Component
@Order(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 1) // after Spring's request context (-105), before the chain (-100)
class CartAddFilter extends DirectPostFilter {

    static final String PATH = "/api/cart/items";

    private final AccessTokens tokens;
    private final CartService carts;
    private final TransientFailureRetry retry;
    private final JsonMapper json;
    private final Validator validator;
    private final ProblemResponses problems;

    CartAddFilter(AccessTokens tokens, CartService carts, TransientFailureRetry retry, JsonMapper json, Validator validator,
            ProblemResponses problems, MeterRegistry meters) {
        super(PATH, meters);
        this.tokens = tokens;
        this.carts = carts;
        this.retry = retry;
        this.json = json;
        this.validator = validator;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        CartController.AddItem item = DirectAnswers.plain(request) ? DirectAnswers.validBody(request, json, validator, CartController.AddItem.class) : null;
        Optional<Caller> caller = item == null ? Optional.empty() : tokens.fromAuthorization(request.getHeader(HttpHeaders.AUTHORIZATION));
        if (caller.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        taken(request);
        SessionRouteHeaders.write(request, response);
        CartView view;
        try {
            view = retry.run(() -> carts.add(caller.get(), item.sku(), item.quantity()));
        } catch (RuntimeException failure) {
            problems.write(request, response, failure);
            return;
        }
        DirectAnswers.json(response, HttpServletResponse.SC_OK, json.writeValueAsBytes(view));
    }
}
