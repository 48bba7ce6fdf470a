package dev.mercato.platform;

import org.junit.jupiter.api.Test;

import dev.mercato.support.Api;
import dev.mercato.support.ApiTest;

import static org.assertj.core.api.Assertions.assertThat;

/** Browser-hardening headers on every answer, whoever writes it; CORS closed unless configured. */
class SecurityHeadersTests extends ApiTest {

    @Test
    void answersOfEveryKindCarryTheSecurityHeaders() {
        assertHardened(api.get("/api/categories", null), 200);
        assertHardened(api.get("/api/cart", null), 401);                          // security entry point
        assertHardened(api.get("/api/cart", "not-a-token"), 401);                 // bearer token filter
        assertHardened(api.get("/api/admin/orders", customerToken()), 403);       // access denied handler
        assertHardened(api.get("/api/does-not-exist", null), 404);
        assertHardened(api.send("/api/categories", "DELETE", null, "", null), 405);
        assertHardened(api.send("/api/auth/login", "POST", "application/json",
                "{\"email\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}", null), 413);  // size-limit filter
    }

    /**
     * Anonymous catalog reads skip the security filter chain (SecurityConfiguration): they still carry
     * the hardening headers, and a request with a token, good or bad, still goes through the chain.
     */
    @Test
    void anonymousCatalogReadsAreHardenedAndATokenStillTakesTheSecurityChain() {
        assertHardened(api.get("/api/products?limit=1", null), 200);
        assertHardened(api.get("/api/products/999999999", null), 404);
        assertHardened(api.get("/api/availability/NO-SUCH-SKU", null), 404);
        assertHardened(api.get("/api/products/999999999", "not-a-token"), 401);
        assertHardened(api.get("/api/products?limit=1", "not-a-token"), 401);
        assertHardened(api.get("/api/availability/NO-SUCH-SKU", "not-a-token"), 401);
        var crossOrigin = api.get("/api/products?limit=1", null, "Origin", "https://elsewhere.example");
        assertThat(crossOrigin.status()).isEqualTo(200);
        assertThat(crossOrigin.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void htmlPagesGetThePagePolicyAndEverythingElseTheLoadNothingPolicy() {
        var page = api.get("/swagger-ui/index.html", null);
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.header("Content-Security-Policy"))
                .isEqualTo("default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'");
        assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");

        for (var answer : java.util.List.of(api.get("/api/categories", null), api.get("/api/cart", null))) {
            assertThat(answer.header("Content-Security-Policy")).as(answer.toString())
                    .isEqualTo("default-src 'none'; frame-ancestors 'none'");
        }
    }

    @Test
    void hstsIsSentOnlyWhenTheRequestArrivedOverTls() {
        assertThat(api.get("/api/categories", null).header("Strict-Transport-Security"))
                .as("plain HTTP: browsers would ignore it, and a developer's localhost must not be pinned").isNull();
        assertThat(api.get("/api/categories", null, "X-Forwarded-Proto", "https").header("Strict-Transport-Security"))
                .isEqualTo("max-age=31536000; includeSubDomains");
        assertThat(api.get("/api/cart", null, "Forwarded", "for=192.0.2.1;proto=https").header("Strict-Transport-Security"))
                .as("on refusals too").isEqualTo("max-age=31536000; includeSubDomains");
        assertThat(api.get("/api/categories", null, "X-Forwarded-Proto", "http").header("Strict-Transport-Security")).isNull();
    }

    @Test
    void crossOriginRequestsGetNoCorsHeadersByDefault() {
        var simple = api.get("/api/categories", null, "Origin", "https://elsewhere.example");
        assertThat(simple.status()).isEqualTo(200);
        assertThat(simple.header("Access-Control-Allow-Origin")).isNull();

        var preflight = api.send(api.request("/api/cart/items", null,
                        "Origin", "https://elsewhere.example",
                        "Access-Control-Request-Method", "POST",
                        "Access-Control-Request-Headers", "authorization,content-type")
                .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody()).build());
        assertThat(preflight.header("Access-Control-Allow-Origin")).as(preflight.toString()).isNull();
        assertThat(preflight.header("Access-Control-Allow-Methods")).isNull();
    }

    private static void assertHardened(Api.Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("X-Content-Type-Options")).as(status + " nosniff").isEqualTo("nosniff");
        assertThat(response.header("Referrer-Policy")).as(status + " referrer").isEqualTo("no-referrer");
        assertThat(response.header("X-Frame-Options")).as(status + " framing").isEqualTo("DENY");
        if (status >= 400) {
            assertThat(response.header("Content-Type")).as(status + " problem").startsWith("application/problem+json");
        }
    }
}
