package dev.mercato.platform.web;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param maxRequestSize largest JSON body any route accepts
 * @param maxImportSize  largest bulk-import body
 * @param maxConcurrentRequests API requests served at once (see ConcurrencyLimitFilter); a few times the pool size
 * @param admissionTimeout how long a request may wait for its turn before it is answered 503
 * @param bodyReadTimeout how long a request body may take to arrive (it is read before admission, see
 *                        BodyBeforeAdmissionFilter); past it the answer is 408
 * @param corsAllowedOrigins origins (like {@code https://shop.example.com}) whose pages may call the API from a
 *                           browser; empty, the default, closes cross-origin access
 */
@ConfigurationProperties("mercato.platform.web")
public record WebSettings(
        @DefaultValue("1MB") DataSize maxRequestSize,
        @DefaultValue("2GB") DataSize maxImportSize,
        @DefaultValue("64") int maxConcurrentRequests,
        @DefaultValue("10s") Duration admissionTimeout,
        @DefaultValue("30s") Duration bodyReadTimeout,
        @DefaultValue List<String> corsAllowedOrigins) {
}
