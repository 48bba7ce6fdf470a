package dev.mercato.platform.web;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code mercato.platform.security-headers.*}: the headers {@link SecurityHeadersFilter} adds.
 *
 * @param contentSecurityPolicy the policy of HTML answers (the storefront and console pages): scripts,
 *                              styles and API calls from this origin only, no inline script, no plugins,
 *                              never framed. Other answers carry {@link #API_POLICY}.
 * @param frameOptions          {@code X-Frame-Options} on every answer ({@code DENY} or {@code SAMEORIGIN})
 * @param hsts                  {@code Strict-Transport-Security}, sent only on requests that arrived over
 *                              TLS: a secure connection, or a proxy saying so with {@code X-Forwarded-Proto: https}
 *                              (browsers ignore the header over plain HTTP, so a forged one costs nothing)
 */
@ConfigurationProperties("mercato.platform.security-headers")
public record SecurityHeadersSettings(
        @DefaultValue("default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
        String contentSecurityPolicy,
        @DefaultValue("DENY") String frameOptions,
        @DefaultValue Hsts hsts) {

    /** JSON and problem documents load nothing and are never framed. */
    public static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'";

    /**
     * @param enabled           false sends none (a TLS terminator that sets its own)
     * @param maxAge            how long browsers keep to HTTPS for this host
     * @param includeSubdomains whether the rule covers subdomains too
     */
    public record Hsts(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("365d") Duration maxAge,
            @DefaultValue("true") boolean includeSubdomains) {

        String value() {
            return "max-age=" + maxAge.toSeconds() + (includeSubdomains ? "; includeSubDomains" : "");
        }
    }
}
