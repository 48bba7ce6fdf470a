package dev.mercato.platform.security;

import jakarta.servlet.DispatcherType;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import dev.mercato.platform.web.ProblemResponses;
import dev.mercato.platform.web.WebSettings;

/**
 * Route-level access rules in one place, deny by default: every route is listed below as public,
 * session (a guest's or a customer's token), customer (a logged-in account) or admin, and a route
 * that is not listed answers 401/403 (see {@link UnclassifiedRoutes}). Object-level checks (whose
 * cart, whose order) are the owning module's job. Stateless: the bearer token is the session.
 * {@code RouteAccessTests} holds the same classification per route and fails for a route missing
 * from it, so a new controller method cannot become public by omission.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /**
     * Catalog (with a product's recommendations, {@code /api/products/{idOrSlug}/recommendations}),
     * search and flash-sale reads (API.md "public"); GET and HEAD only. Admin analytics and the
     * recommendation rebuild fall under {@code /api/admin/**}.
     */
    private static final String[] PUBLIC_READS = {
            "/api/categories", "/api/products", "/api/products/**", "/api/availability/**", "/api/search",
            "/api/flash-sales/*",
            // the storefront and console page shells (web module); the console's data is under /api/admin/**
            "/", "/admin", "/admin/",
            "/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml", "/swagger-ui.html", "/swagger-ui/**"};

    /**
     * Writes anyone may send: the auth routes that hand out tokens, and processor webhooks, which
     * carry no bearer token because the payments module checks their signature instead.
     */
    private static final String[] PUBLIC_WRITES = {
            "/api/auth/guest", "/api/auth/register", "/api/auth/login", "/api/payments/webhooks/*"};

    /** Any token, guest or customer: the caller's own cart and orders, and ending its own session. */
    private static final String[] SESSION_ROUTES = {"/api/cart", "/api/cart/**", "/api/orders", "/api/orders/**"};

    /** Limited per customer, so a guest session is not enough. */
    private static final String CUSTOMER_CLAIMS = "/api/flash-sales/*/claims";

    /**
     * Anonymous catalog reads skip the security filter chain: {@code GET}/{@code HEAD} of a product
     * page, a list page or an availability, with no {@code Authorization} header (so no caller to
     * find: a token, good or bad, takes the whole chain) and no {@code Origin} header (so CORS still
     * decides any cross-origin read). These routes are public either way, and what the chain would
     * do for such a request is an anonymous token and a {@code permitAll}; at 10,000 reads a second
     * its dozen filters, each wrapped in an observation, cost more CPU than the cached answer itself
     * (profiled with JFR: about three quarters of a cached read's samples). The request firewall
     * still applies, and {@code SecurityHeadersFilter} still sets the hardening headers, which run
     * outside the chain. Paths are matched on single segments ({@code /api/products/*}), so nested
     * routes such as recommendations keep the whole chain.
     */
    @Bean
    WebSecurityCustomizer anonymousCatalogReads() {
        RequestMatcher reads = new OrRequestMatcher(
                PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, "/api/products"),
                PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, "/api/products/*"),
                PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, "/api/availability/*"),
                PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.HEAD, "/api/products"),
                PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.HEAD, "/api/products/*"),
                PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.HEAD, "/api/availability/*"));
        RequestMatcher anonymous = request -> request.getHeader("Authorization") == null && request.getHeader("Origin") == null
                && request.getDispatcherType() == DispatcherType.REQUEST;
        return web -> web.ignoring().requestMatchers(new AndRequestMatcher(anonymous, reads));
    }

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, AccessTokens tokens, ProblemResponses problems,
            ListableBeanFactory beans, WebSettings settings,
            @Value("${server.error.path:/error}") String errorPath) throws Exception {
        RequestMatcher customerOnly = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, CUSTOMER_CLAIMS);
        var refusals = new RefusalProblems(problems, customerOnly);
        return http
                .csrf(AbstractHttpConfigurer::disable)
                // platform/web's SecurityHeadersFilter sends HSTS, also behind a TLS-terminating proxy
                .headers(headers -> headers.httpStrictTransportSecurity(hsts -> hsts.disable()))
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .cors(cors -> cors.configurationSource(new CorsRules(settings.corsAllowedOrigins())))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new BearerTokenFilter(tokens, problems), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(routes -> classify(routes, customerOnly, errorPath,
                        new UnclassifiedRoutes(beans)))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(refusals).accessDeniedHandler(refusals))
                .build();
    }

    private static void classify(
            AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry routes,
            RequestMatcher customerOnly, String errorPath, UnclassifiedRoutes unclassified) {
        routes
                // an error dispatch renders the problem of a request already let through or refused;
                // an async dispatch resumes a request already authorised (order event streams)
                .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll()
                .requestMatchers(errorPath).permitAll()
                .requestMatchers(HttpMethod.GET, PUBLIC_READS).permitAll()
                .requestMatchers(HttpMethod.HEAD, PUBLIC_READS).permitAll()
                .requestMatchers(HttpMethod.POST, PUBLIC_WRITES).permitAll()
                .requestMatchers(customerOnly).hasRole(Caller.ROLE_CUSTOMER)
                .requestMatchers(SESSION_ROUTES).authenticated()
                .requestMatchers(HttpMethod.POST, "/api/auth/logout").authenticated()
                .requestMatchers("/api/admin/**").hasRole(Caller.ROLE_ADMIN)
                // actuator last: its matchers read the management port from the Environment on every call,
                // and API requests, the hot path, are decided by the path patterns above without them
                .requestMatchers(EndpointRequest.to("health")).permitAll()
                // metrics and the rest of actuator show internals (JVM and library versions, pool sizes)
                .requestMatchers(EndpointRequest.toAnyEndpoint()).hasRole(Caller.ROLE_ADMIN)
                .anyRequest().access(unclassified);
    }

    /**
     * No observations of the filter chain, authentication or authorization. Spring Security wraps
     * each of its dozen filters in an observation of its own (about 5% of a cart add's request CPU in
     * the issue 13 profile, of the chain's 24%), and nothing reads them: requests are observed once,
     * as {@code http.server.requests}, where refusals show by their status.
     */
    @Bean
    SecurityObservationSettings noSecurityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    /** Delegating, so stored hashes name their algorithm ({@code {bcrypt}...}) and can be upgraded later. */
    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }
}
