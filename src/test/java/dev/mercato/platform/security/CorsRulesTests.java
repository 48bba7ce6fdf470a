package dev.mercato.platform.security;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

class CorsRulesTests {

    @Test
    void withoutConfiguredOriginsNoRouteHasACorsConfiguration() {
        assertThat(new CorsRules(List.of()).getCorsConfiguration(new MockHttpServletRequest("GET", "/api/cart"))).isNull();
    }

    @Test
    void configuredOriginsMayCallTheApiWithBearerTokensButNoCookies() {
        var rules = new CorsRules(List.of("https://shop.example"));
        var api = rules.getCorsConfiguration(new MockHttpServletRequest("POST", "/api/orders"));
        assertThat(api).isNotNull();
        assertThat(api.checkOrigin("https://shop.example")).isEqualTo("https://shop.example");
        assertThat(api.checkOrigin("https://elsewhere.example")).isNull();
        assertThat(api.checkHeaders(List.of("Authorization", "Idempotency-Key"))).hasSize(2);
        assertThat(api.getAllowCredentials()).isFalse();
        assertThat(rules.getCorsConfiguration(new MockHttpServletRequest("GET", "/actuator/prometheus"))).isNull();
    }
}
