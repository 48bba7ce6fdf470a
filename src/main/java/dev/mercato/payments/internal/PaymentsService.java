package dev.mercato.payments.internal;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import dev.mercato.payments.ChargeRequest;
import dev.mercato.payments.PaymentOutcome;
import dev.mercato.payments.PaymentOutcome.Status;
import dev.mercato.payments.PaymentProvider;
import dev.mercato.payments.PaymentProvider.ProviderResult;
import dev.mercato.payments.PaymentRecord;
import dev.mercato.payments.PaymentTimeoutException;
import dev.mercato.payments.Payments;

/**
 * {@link Payments} over the provider named by {@code mercato.payments.provider}. Holds no state of its
 * own: what happened to an order's money is whatever the provider recorded under the order's keys
 * ({@link OrderKeys}), so the answers survive crashes and agree across nodes.
 */
@Service
final class PaymentsService implements Payments {

    private static final Logger log = LoggerFactory.getLogger(PaymentsService.class);

    private final PaymentProvider provider;
    private final PaymentCounters counters;

    PaymentsService(List<PaymentProvider> providers, PaymentsSettings settings, PaymentCounters counters) {
        this.provider = providers.stream().filter(p -> p.name().equals(settings.provider())).findFirst()
                .orElseThrow(() -> new IllegalStateException("mercato.payments.provider=" + settings.provider()
                        + " names no payment provider; known: " + providers.stream().map(PaymentProvider::name).toList()));
        this.counters = counters;
    }

    @Override
    public PaymentOutcome charge(ChargeRequest request) {
        OrderKeys keys = new OrderKeys(request.orderId());
        PaymentOutcome outcome;
        try {
            outcome = authorizeAndCapture(request, keys);
        } catch (Unanswered e) {
            outcome = outcome(Status.UNKNOWN, null, null, e.getMessage());
        }
        log.info("payment charged orderId={} provider={} status={} reason={}", request.orderId(), provider.name(),
                outcome.status(), outcome.reason());
        return outcome;
    }

    private PaymentOutcome authorizeAndCapture(ChargeRequest request, OrderKeys keys) {
        Optional<ProviderResult> authorized = attempt(keys.authorize(), "authorization", () -> provider.authorize(
                keys.authorize(), request.orderId(), request.amount(), request.currency(), request.token()));
        if (authorized.isEmpty()) {
            return outcome(Status.NONE, null, null, null);
        }
        ProviderResult authorization = authorized.get();
        if (!authorization.succeeded()) {
            return outcome(Status.DECLINED, null, null, authorization.declineReason());
        }
        // also reached after a timed-out authorisation that went through: the orphan is captured here
        Optional<ProviderResult> captured = attempt(keys.capture(), "capture",
                () -> provider.capture(keys.capture(), authorization.id(), request.amount()));
        if (captured.isEmpty()) {
            // money is held on the card but not taken; charging again captures it
            return outcome(Status.AUTHORIZED, authorization.id(), null, null);
        }
        if (!captured.get().succeeded()) {
            return outcome(Status.DECLINED, authorization.id(), null, captured.get().declineReason());
        }
        return outcome(Status.CAPTURED, authorization.id(), captured.get().id(), null);
    }

    @Override
    public PaymentOutcome status(UUID orderId) {
        OrderKeys keys = new OrderKeys(orderId);
        try {
            Optional<ProviderResult> authorized = lookup(keys.authorize());
            if (authorized.isEmpty() || !authorized.get().succeeded()) {
                return outcome(Status.NONE, null, null, authorized.map(ProviderResult::declineReason).orElse(null));
            }
            String authorizationId = authorized.get().id();
            Optional<ProviderResult> captured = succeeded(keys.capture());
            if (captured.isPresent()) {
                Status status = succeeded(keys.refund()).isPresent() ? Status.REFUNDED : Status.CAPTURED;
                return outcome(status, authorizationId, captured.get().id(), null);
            }
            Status status = succeeded(keys.voidAuthorization()).isPresent() ? Status.VOIDED : Status.AUTHORIZED;
            return outcome(status, authorizationId, null, null);
        } catch (Unanswered e) {
            return outcome(Status.UNKNOWN, null, null, e.getMessage());
        }
    }

    @Override
    public PaymentOutcome reverse(UUID orderId) {
        OrderKeys keys = new OrderKeys(orderId);
        PaymentOutcome outcome;
        try {
            outcome = voidOrRefund(keys);
        } catch (Unanswered e) {
            outcome = outcome(Status.UNKNOWN, null, null, e.getMessage());
        }
        log.info("payment reversed orderId={} provider={} status={} reason={}", orderId, provider.name(),
                outcome.status(), outcome.reason());
        return outcome;
    }

    private PaymentOutcome voidOrRefund(OrderKeys keys) {
        Optional<ProviderResult> authorized = succeeded(keys.authorize());
        if (authorized.isEmpty()) {
            return outcome(Status.NONE, null, null, null);
        }
        ProviderResult authorization = authorized.get();
        Optional<ProviderResult> captured = succeeded(keys.capture());
        if (captured.isPresent()) {
            return refund(keys, authorization, captured.get());
        }
        ProviderResult voided = attempt(keys.voidAuthorization(), "void",
                () -> provider.voidAuthorization(keys.voidAuthorization(), authorization.id()))
                .orElseThrow(() -> new Unanswered("the provider did not answer the void; nothing was voided"));
        if (voided.succeeded()) {
            return outcome(Status.VOIDED, authorization.id(), null, null);
        }
        // a concurrent charge() captured the authorisation between the look-up and the void
        Optional<ProviderResult> capturedMeanwhile = succeeded(keys.capture());
        return capturedMeanwhile.isPresent() ? refund(keys, authorization, capturedMeanwhile.get()) : status(keys.orderId());
    }

    private PaymentOutcome refund(OrderKeys keys, ProviderResult authorization, ProviderResult capture) {
        ProviderResult refunded = attempt(keys.refund(), "refund",
                () -> provider.refund(keys.refund(), capture.id(), capture.amount()))
                .orElseThrow(() -> new Unanswered("the provider did not answer the refund; nothing was refunded"));
        if (!refunded.succeeded()) {
            // the money is still taken: say so rather than pretend the reversal happened
            return outcome(Status.CAPTURED, authorization.id(), capture.id(), "refund declined: " + refunded.declineReason());
        }
        return outcome(Status.REFUNDED, authorization.id(), capture.id(), null);
    }

    @Override
    public List<PaymentRecord> records(UUID orderId) {
        return provider.ledger(orderId);
    }

    /**
     * Calls the provider; when it does not answer in time, asks once what it recorded under the key.
     *
     * @return the answer, or empty when the call timed out and the provider recorded nothing
     * @throws Unanswered when the look-up fails too
     */
    private Optional<ProviderResult> attempt(String key, String kind, Supplier<ProviderResult> call) {
        try {
            ProviderResult result = call.get();
            counters.answered(provider.name(), result);
            return Optional.of(result);
        } catch (PaymentTimeoutException e) {
            counters.timedOut(provider.name(), kind);
            log.warn("payment provider timed out provider={} key={} kind={}: {}", provider.name(), key, kind, e.getMessage());
            return lookup(key);
        }
    }

    private Optional<ProviderResult> succeeded(String key) {
        return lookup(key).filter(ProviderResult::succeeded);
    }

    private Optional<ProviderResult> lookup(String key) {
        try {
            return provider.lookup(key);
        } catch (RuntimeException e) {
            // whatever the failure, what happened cannot be told now; callers ask again later
            log.warn("payment look-up failed provider={} key={}", provider.name(), key, e);
            throw new Unanswered("the provider could not tell what happened under " + key + ": " + e.getMessage());
        }
    }

    private PaymentOutcome outcome(Status status, String authorizationId, String captureId, String reason) {
        return new PaymentOutcome(status, provider.name(), authorizationId, captureId, reason);
    }

    /** The provider could not tell what happened: the outcome is UNKNOWN. */
    private static final class Unanswered extends RuntimeException {

        Unanswered(String message) {
            super(message, null, false, false);
        }
    }
}
