package dev.mercato.payments.internal;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param provider the one processor of a setup without routing (kept from before routing existed)
 * @param routing  processors in the order a payment tries them ({@code sandbox-a,sandbox-b}); empty:
 *                 {@code provider} alone
 */
@ConfigurationProperties("mercato.payments")
record PaymentsSettings(
        @DefaultValue("sandbox") String provider,
        @DefaultValue("") List<String> routing,
        @DefaultValue Breaker breaker,
        @DefaultValue Webhook webhook,
        @DefaultValue Stripe stripe) {

    /** The defaults with one processor and no routing (for tests that build the service by hand). */
    static PaymentsSettings of(String provider) {
        return new PaymentsSettings(provider, List.of(), new Breaker(10, 5, 50, Duration.ofSeconds(30), 2),
                new Webhook(null, Duration.ofMinutes(5)),
                new Stripe(null, null, URI.create("https://api.stripe.com"), Duration.ofSeconds(2), Duration.ofSeconds(10)));
    }

    PaymentsSettings {
        routing = routing == null ? List.of() : routing.stream().map(String::trim).filter(name -> !name.isEmpty()).toList();
    }

    /** The processors in routing order: never empty. */
    List<String> route() {
        return routing.isEmpty() ? List.of(provider) : routing;
    }

    /**
     * Each processor's circuit breaker: opens when {@code failureRate} percent of the last
     * {@code window} calls (at least {@code minimumCalls}) found it down or silent, stays open for
     * {@code openFor}, then lets {@code halfOpenCalls} calls through to decide.
     */
    record Breaker(@DefaultValue("10") int window, @DefaultValue("5") int minimumCalls, @DefaultValue("50") int failureRate,
            @DefaultValue("30s") Duration openFor, @DefaultValue("2") int halfOpenCalls) {
    }

    /**
     * @param secret    shared secret of the sandbox processors' signed webhooks; unset: their webhooks are refused
     * @param tolerance how far a signature's timestamp may be from now, either way
     */
    record Webhook(String secret, @DefaultValue("5m") Duration tolerance) {
    }

    /**
     * The Stripe adapter, on when {@code apiKey} is set.
     *
     * @param webhookSecret the endpoint's signing secret ({@code whsec_...}) for {@code /api/payments/webhooks/stripe}
     * @param timeout       how long a call waits for Stripe's answer once sent (then the outcome is unknown)
     */
    record Stripe(String apiKey, String webhookSecret, @DefaultValue("https://api.stripe.com") URI apiBase,
            @DefaultValue("2s") Duration connectTimeout, @DefaultValue("10s") Duration timeout) {

        boolean enabled() {
            return apiKey != null && !apiKey.isBlank();
        }
    }
}
