package dev.mercato.platform.security;

import java.time.Duration;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;

/**
 * Cross-origin access, closed unless origins are configured
 * ({@code mercato.platform.web.cors-allowed-origins}): with none, no request gets CORS headers, so
 * browsers keep pages from other sites out of the API. With some, those origins may call
 * {@code /api/**} with the headers the API reads and see the headers it answers with. Credentials
 * are not allowed: the API is authenticated by bearer tokens the page sends itself, never cookies.
 */
final class CorsRules implements CorsConfigurationSource {

    private final CorsConfiguration api;

    CorsRules(List<String> allowedOrigins) {
        if (allowedOrigins.isEmpty()) {
            this.api = null;
            return;
        }
        CorsConfiguration configuration = new CorsConfiguration();
        configuration.setAllowedOrigins(List.copyOf(allowedOrigins));
        configuration.setAllowedMethods(List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"));
        configuration.setAllowedHeaders(List.of("Authorization", "Content-Type", "Idempotency-Key", "If-Match",
                "If-None-Match", "X-Guest-Token", "X-Request-Id"));
        configuration.setExposedHeaders(List.of("ETag", "Location", "Retry-After", "Idempotent-Replayed",
                "X-Request-Id", "WWW-Authenticate"));
        configuration.setAllowCredentials(false);
        configuration.setMaxAge(Duration.ofHours(1));
        this.api = configuration;
    }

    @Override
    public CorsConfiguration getCorsConfiguration(HttpServletRequest request) {
        return api != null && request.getRequestURI().startsWith(request.getContextPath() + "/api/") ? api : null;
    }
}
