package dev.mercato.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.servlet.function.support.RouterFunctionMapping;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

import dev.mercato.support.ApiTest;

import static dev.mercato.platform.RouteAccessTests.Access.ADMIN;
import static dev.mercato.platform.RouteAccessTests.Access.CUSTOMER;
import static dev.mercato.platform.RouteAccessTests.Access.PUBLIC;
import static dev.mercato.platform.RouteAccessTests.Access.SESSION;
import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may call what, for every route the application maps: controller methods (the application's
 * {@code requestMappingHandlerMapping}), actuator endpoints (actuator's own handler mapping) and
 * springdoc's documents. {@link #ROUTES} mirrors API.md; a mapped route missing from it fails
 * {@link #everyMappedRouteIsClassified()} by name, so adding a controller method means deciding
 * here, and in {@code SecurityConfiguration}, who may call it.
 */
class RouteAccessTests extends ApiTest {

    /** Who a route is for (API.md): everyone, any session (guest or customer), customers, admins. */
    enum Access { PUBLIC, SESSION, CUSTOMER, ADMIN }

    enum CallerKind { ANONYMOUS, GUEST, CUSTOMER, ADMIN }

    /** Every mapped route as {@code "METHOD pattern"}; {@code ANY} for a mapping without a method condition. */
    static final Map<String, Access> ROUTES = Map.ofEntries(
            // auth
            entry("POST /api/auth/guest", PUBLIC),
            entry("POST /api/auth/register", PUBLIC),
            entry("POST /api/auth/login", PUBLIC),
            entry("POST /api/auth/logout", SESSION),
            // processors' notifications: no token, the payments module checks their signature instead
            entry("POST /api/payments/webhooks/{provider}", PUBLIC),
            // catalog, availability, search, flash-sale reads
            entry("GET /api/categories", PUBLIC),
            entry("GET /api/products", PUBLIC),
            entry("GET /api/products/{idOrSlug}", PUBLIC),
            entry("GET /api/products/{idOrSlug}/recommendations", PUBLIC),
            entry("GET /api/availability/{sku}", PUBLIC),
            entry("GET /api/search", PUBLIC),
            entry("GET /api/flash-sales/{id}", PUBLIC),
            // the caller's cart and orders
            entry("GET /api/cart", SESSION),
            entry("POST /api/cart/items", SESSION),
            entry("PATCH /api/cart/items/{sku}", SESSION),
            entry("DELETE /api/cart/items/{sku}", SESSION),
            entry("POST /api/orders", SESSION),
            entry("GET /api/orders", SESSION),
            entry("GET /api/orders/{id}", SESSION),
            entry("GET /api/orders/{id}/events", SESSION),
            entry("POST /api/orders/{id}/cancel", SESSION),
            // limited per customer
            entry("POST /api/flash-sales/{id}/claims", CUSTOMER),
            // admin
            entry("POST /api/admin/products", ADMIN),
            entry("PUT /api/admin/products/{id}", ADMIN),
            entry("DELETE /api/admin/products/{id}", ADMIN),
            entry("POST /api/admin/products/import", ADMIN),
            entry("GET /api/admin/jobs/{jobId}", ADMIN),
            entry("POST /api/admin/recommendations/rebuild", ADMIN),
            entry("GET /api/admin/analytics/sales", ADMIN),
            entry("GET /api/admin/analytics/top-products", ADMIN),
            entry("POST /api/admin/warehouses", ADMIN),
            entry("GET /api/admin/warehouses", ADMIN),
            entry("PUT /api/admin/stock/{sku}/{warehouseCode}", ADMIN),
            entry("POST /api/admin/stock/{sku}/{warehouseCode}/adjustments", ADMIN),
            entry("GET /api/admin/stock/{sku}", ADMIN),
            entry("GET /api/admin/orders", ADMIN),
            entry("GET /api/admin/orders/{id}", ADMIN),
            entry("POST /api/admin/orders/{id}/ship", ADMIN),
            entry("POST /api/admin/orders/{id}/deliver", ADMIN),
            entry("POST /api/admin/orders/{id}/refund", ADMIN),
            entry("GET /api/admin/payments", ADMIN),
            entry("POST /api/admin/archival/runs", ADMIN),
            entry("POST /api/admin/flash-sales", ADMIN),
            entry("GET /api/admin/flash-sales", ADMIN),
            entry("POST /api/admin/promotions", ADMIN),
            entry("GET /api/admin/promotions", ADMIN),
            entry("GET /api/admin/promotions/{id}", ADMIN),
            entry("DELETE /api/admin/promotions/{id}", ADMIN),
            entry("POST /api/admin/search/reindex", ADMIN),
            entry("GET /api/admin/search/status", ADMIN),
            // the storefront and console page shells (their scripts and styles are static resources)
            entry("GET /", PUBLIC),
            entry("GET /admin", PUBLIC),
            entry("GET /admin/", PUBLIC),
            // errors rendered for requests that never reached a controller
            entry("ANY /error", PUBLIC),
            // documentation
            entry("GET /v3/api-docs", PUBLIC),
            entry("GET /v3/api-docs.yaml", PUBLIC),
            entry("GET /v3/api-docs/swagger-config", PUBLIC),
            entry("GET /swagger-ui.html", PUBLIC),
            // operations: probes are public, metrics and the rest of actuator are not (issue 12)
            entry("GET /actuator/health", PUBLIC),
            entry("GET /actuator/health/**", PUBLIC),
            entry("GET /actuator", ADMIN),
            entry("GET /actuator/info", ADMIN),
            entry("GET /actuator/prometheus", ADMIN),
            entry("GET /actuator/metrics", ADMIN),
            entry("GET /actuator/metrics/{requiredMetricName}", ADMIN));

    /** Routes that revoke the token they are called with, so each call gets a fresh one. */
    private static final Set<String> SPENDS_TOKEN = Set.of("POST /api/auth/logout");

    private static final String DUMMY = "00000000-0000-0000-0000-00000000d00d";

    /** Every handler mapping built on request-mapping infos: the application's, actuator's, springdoc's. */
    @Autowired
    Map<String, RequestMappingInfoHandlerMapping> handlerMappings;

    @Autowired(required = false)
    RouterFunctionMapping routerFunctions;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void everyMappedRouteIsClassified() {
        Set<String> mapped = mappedRoutes();
        assertThat(handlerMappings).as("the application's controller mappings").containsKey("requestMappingHandlerMapping");
        assertThat(mapped).as("actuator's endpoints are walked too").contains("GET /actuator/prometheus", "GET /actuator/health");

        Set<String> unclassified = new TreeSet<>(mapped);
        unclassified.removeAll(ROUTES.keySet());
        assertThat(unclassified)
                .as("mapped routes missing from RouteAccessTests.ROUTES: classify each there and in SecurityConfiguration")
                .isEmpty();

        Set<String> stale = new TreeSet<>(ROUTES.keySet());
        stale.removeAll(mapped);
        assertThat(stale).as("routes in RouteAccessTests.ROUTES that nothing maps any more").isEmpty();

        assertThat(routerFunctions == null || routerFunctions.getRouterFunction() == null)
                .as("functional routes are not walked by this test: map them with annotations or extend it")
                .isTrue();
    }

    @Test
    void everyRouteAnswersEachCallerAsItsClassificationSays() {
        Map<CallerKind, Supplier<String>> freshTokens = new EnumMap<>(CallerKind.class);
        freshTokens.put(CallerKind.ANONYMOUS, () -> null);
        freshTokens.put(CallerKind.GUEST, this::guestToken);
        freshTokens.put(CallerKind.CUSTOMER, this::customerToken);
        freshTokens.put(CallerKind.ADMIN, this::adminToken);
        Map<CallerKind, String> tokens = new EnumMap<>(CallerKind.class);
        freshTokens.forEach((caller, token) -> tokens.put(caller, token.get()));

        List<String> wrong = new ArrayList<>();
        for (String route : mappedRoutes()) {
            Access access = ROUTES.get(route);
            if (access == null) {
                continue; // reported by everyMappedRouteIsClassified
            }
            for (CallerKind caller : CallerKind.values()) {
                String token = SPENDS_TOKEN.contains(route) ? freshTokens.get(caller).get() : tokens.get(caller);
                Answer answer = call(route, token);
                String problem = verdict(access, caller, answer);
                if (problem != null) {
                    wrong.add(route + " as " + caller + " (" + access + " route): " + problem);
                }
            }
        }
        assertThat(wrong).as("routes answering a caller against their classification").isEmpty();
    }

    @Test
    void publicReadsAnswerHeadRequestsToo() {
        for (String path : new String[] {"/api/categories", "/api/products", "/api/search?q=lamp"}) {
            var head = api.send(api.request(path, null).method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
            assertThat(head.status()).as("HEAD " + path).isEqualTo(200);
        }
    }

    /** Null when the answer is what the classification promises this caller; else what was wrong. */
    private static String verdict(Access access, CallerKind caller, Answer answer) {
        int expected = expectedDenial(access, caller);
        if (expected == 0) {
            return answer.status() == 401 || answer.status() == 403 ? "expected to be let through, got " + answer : null;
        }
        if (answer.status() != expected) {
            return "expected " + expected + ", got " + answer;
        }
        if (!answer.contentType().startsWith("application/problem+json")) {
            return "expected a problem document, got " + answer.contentType();
        }
        if (expected == 401 && !answer.wwwAuthenticate().startsWith("Bearer")) {
            return "expected WWW-Authenticate: Bearer, got '" + answer.wwwAuthenticate() + "'";
        }
        return null;
    }

    /** 401 or 403 when the caller must be refused, 0 when it must be let through. */
    private static int expectedDenial(Access access, CallerKind caller) {
        if (access == PUBLIC) {
            return 0;
        }
        if (caller == CallerKind.ANONYMOUS) {
            return 401;
        }
        return switch (access) {
            case SESSION -> 0;
            case CUSTOMER -> caller == CallerKind.GUEST ? 403 : 0;
            case ADMIN -> caller == CallerKind.ADMIN ? 0 : 403;
            case PUBLIC -> 0;
        };
    }

    private Set<String> mappedRoutes() {
        Set<String> routes = new TreeSet<>();
        handlerMappings.values().forEach(mapping -> mapping.getHandlerMethods().keySet().forEach(info -> {
            Set<String> methods = info.getMethodsCondition().getMethods().isEmpty() ? Set.of("ANY")
                    : info.getMethodsCondition().getMethods().stream().map(Enum::name).collect(java.util.stream.Collectors.toSet());
            for (String pattern : patterns(info)) {
                methods.forEach(method -> routes.add(method + " " + pattern));
            }
        }));
        return routes;
    }

    private static Set<String> patterns(RequestMappingInfo info) {
        return info.getPatternValues();
    }

    /** A real request with every path variable filled with a dummy id and, for writes, an empty JSON object. */
    private Answer call(String route, String token) {
        String method = route.substring(0, route.indexOf(' '));
        String path = route.substring(route.indexOf(' ') + 1)
                .replaceAll("\\{\\*?[^}]+}", DUMMY)
                .replace("**", DUMMY);
        HttpRequest.Builder request = api.request(path, token).timeout(Duration.ofSeconds(20));
        switch (method) {
            case "ANY", "GET" -> request.GET();
            case "DELETE" -> request.DELETE();
            default -> request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString("{}", StandardCharsets.UTF_8));
        }
        try {
            // a stream, not a string: an event stream that opened must not hold the walk until it ends
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            try (InputStream body = response.body()) {
                String text = contentType.startsWith("text/event-stream") ? "(event stream)"
                        : new String(body.readNBytes(300), StandardCharsets.UTF_8);
                return new Answer(response.statusCode(), contentType,
                        response.headers().firstValue("WWW-Authenticate").orElse(""), text);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(route, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String guestToken() {
        var response = api.post("/api/auth/guest", "", null);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().get("token").asString();
    }

    record Answer(int status, String contentType, String wwwAuthenticate, String body) {

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
