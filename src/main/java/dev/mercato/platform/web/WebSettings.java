package dev.mercato.platform.web;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param maxRequestSize largest JSON body any route accepts
 * @param maxImportSize  largest bulk-import body
 * @param maxConcurrentRequests API requests served at once (see ConcurrencyLimitFilter); about ten times the pool
 *                              size: a cart add spends most of its time waiting for its hold's batch, not on a
 *                              connection, and the more adds wait there the larger each batch (measured on issue 13:
 *                              256 with 24 connections gave batches of 11 and 3.8x the grants of 64 with 10)
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
        @DefaultValue("256") int maxConcurrentRequests,
        @DefaultValue("10s") Duration admissionTimeout,
        @DefaultValue("30s") Duration bodyReadTimeout,
        @DefaultValue List<String> corsAllowedOrigins) {
}
