package dev.mercato.payments.internal;

import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionOperations;

import dev.mercato.payments.ChargeRequest;
import dev.mercato.payments.PaymentOutcome;
import dev.mercato.payments.PaymentOutcome.Status;
import dev.mercato.payments.PaymentProcessorUnavailableException;
import dev.mercato.payments.PaymentProvider;
import dev.mercato.payments.PaymentProvider.ProviderResult;
import dev.mercato.payments.PaymentRecord;
import dev.mercato.payments.PaymentTimeoutException;
import dev.mercato.payments.Payments;

/**
 * {@link Payments} routed over the processors of {@code mercato.payments.routing}, in order.
 * <p>
 * Routing rules, in the order they apply to an authorisation:
 * <ol>
 * <li>A processor that is down (refused, timed out before sending, 5xx, rate-limited, or its circuit
 * breaker open) is skipped for the next one; after a 5xx it is first asked by idempotency key whether
 * it recorded the authorisation anyway. The sandbox token {@code tok_processor_down} plays the first
 * processor being down for that payment.</li>
 * <li>A processor that went silent after the request was sent ({@link PaymentTimeoutException}) is
 * asked by idempotency key what it recorded, and whatever it says is the answer: no other processor is
 * tried, because the charge may still land there. Nothing recorded: NONE (nothing charged).</li>
 * <li>A decline is final.</li>
 * <li>A succeeded authorisation pins the order to its processor; capture, void, refund and status go
 * there only.</li>
 * </ol>
 * The order's current processor lives in {@link PaymentRoutes}, changed only by compare-and-set:
 * two concurrent charges of one order (a retry racing recovery) cannot end at two processors, and
 * the one that loses the pin voids its own authorisation. Beyond that this class holds no state:
 * what happened to an order's money is what its processor recorded under the order's keys
 * ({@link OrderKeys}), so the answers survive crashes and agree across nodes.
 */
@Service
final class PaymentsService implements Payments {

    private static final Logger log = LoggerFactory.getLogger(PaymentsService.class);

    /** Sandbox card whose payment finds the first processor of the routing down. */
    static final String PROCESSOR_DOWN_TOKEN = "tok_processor_down";

    private final Map<String, PaymentProvider> processors = new LinkedHashMap<>();
    private final List<String> routing;
    private final PaymentRoutes routes;
    private final PaymentCounters counters;
    private final ProcessorBreakers breakers;
    private final TransactionOperations chargeTransactions;

    PaymentsService(List<PaymentProvider> providers, PaymentsSettings settings, PaymentRoutes routes, MeterRegistry meters,
            Clock clock) {
        this(providers, settings, routes, meters, clock, TransactionOperations.withoutTransaction());
    }

    /**
     * @param transactions used for a charge when every processor of the routing keeps its ledger in this
     *                     database (the sandboxes): see {@link #charge}
     */
    @Autowired
    PaymentsService(List<PaymentProvider> providers, PaymentsSettings settings, PaymentRoutes routes, MeterRegistry meters,
            Clock clock, TransactionOperations transactions) {
        providers.forEach(provider -> processors.put(provider.name(), provider));
        this.routing = settings.route();
        for (String name : routing) {
            if (!processors.containsKey(name)) {
                throw new IllegalStateException("mercato.payments.routing (or .provider) names '" + name
                        + "', which is no payment provider; known: " + processors.keySet());
            }
        }
        this.routes = routes;
        this.counters = new PaymentCounters(meters, routing);
        this.breakers = new ProcessorBreakers(settings.breaker(), clock, meters);
        routing.forEach(breakers::breaker);
        boolean ledgersHere = routing.stream().allMatch(name -> processors.get(name).ledgerInApplicationDatabase());
        this.chargeTransactions = ledgersHere ? transactions : TransactionOperations.withoutTransaction();
    }

    /** The processors payments try, in order. */
    List<String> routing() {
        return routing;
    }

    ProcessorBreakers breakers() {
        return breakers;
    }

    /**
     * When every routed processor keeps its ledger in this database (the sandboxes), the whole charge
     * (route claimed, authorised, pinned, captured, or failed over) is one transaction: one durable
     * commit instead of four, and it either happened entirely or not at all, which is what a
     * processor that never received the request looks like, and recovery and retries handle that
     * case already. Nothing else waits on the charge's locks: they are on the order's route and its
     * ledger rows only. A processor elsewhere (Stripe) is called with no transaction open, each
     * routing step committed on its own, as before.
     */
    @Override
    public PaymentOutcome charge(ChargeRequest request) {
        OrderKeys keys = new OrderKeys(request.orderId());
        PaymentOutcome outcome;
        try {
            outcome = chargeTransactions.execute(tx -> route(request, keys));
        } catch (Unanswered e) {
            outcome = new PaymentOutcome(Status.UNKNOWN, e.provider, null, null, e.getMessage());
        }
        log.info("payment charged orderId={} provider={} status={} reason={}", request.orderId(), outcome.provider(),
                outcome.status(), outcome.reason());
        return outcome;
    }

    private PaymentOutcome route(ChargeRequest request, OrderKeys keys) {
        UUID orderId = request.orderId();
        PaymentRoutes.Route route = routes.claim(orderId, routing.getFirst());
        // every turn either returns or changes the route (a processor skipped, or another charge's move
        // followed), and there are finitely many processors: the bound only guards against a bug
        for (int turn = 0; turn <= 2 * processors.size() + 2; turn++) {
            PaymentProvider provider = processor(route.provider());
            Attempt attempt = !route.pinned() && playsDown(request, provider)
                    ? new Down(PROCESSOR_DOWN_TOKEN + " makes " + provider.name() + " unavailable for this payment")
                    : call(provider, keys.authorize(), () -> provider.authorize(keys.authorize(), orderId, request.amount(),
                            request.currency(), request.token()));
            switch (attempt) {
                case Down down -> {
                    if (route.pinned()) {
                        throw new Unanswered(provider.name(), provider.name() + " holds the order's authorisation but is down: "
                                + down.reason());
                    }
                    Optional<String> next = next(route);
                    if (next.isEmpty()) {
                        return new PaymentOutcome(Status.NONE, provider.name(), null, null,
                                "no payment processor available (last: " + down.reason() + ")");
                    }
                    if (routes.moveOn(orderId, provider.name(), next.get())) {
                        counters.failedOver(provider.name(), next.get());
                        log.warn("payment failed over orderId={} from={} to={} reason={}", orderId, provider.name(), next.get(),
                                down.reason());
                    }
                    route = routes.find(orderId).orElseThrow();
                }
                case Silent silent -> {
                    return new PaymentOutcome(Status.NONE, provider.name(), null, null, null);
                }
                case Answer(ProviderResult authorization) when !authorization.succeeded() -> {
                    return new PaymentOutcome(Status.DECLINED, provider.name(), null, null, authorization.declineReason());
                }
                case Answer(ProviderResult authorization) -> {
                    if (routes.pin(orderId, provider.name())) {
                        return capture(provider, request, keys, authorization);
                    }
                    // another charge of this order moved it on while this one was authorising: follow it
                    voidOrphan(provider, keys, authorization);
                    route = routes.find(orderId).orElseThrow();
                }
            }
        }
        throw new Unanswered(route.provider(), "payment routing of order " + orderId + " did not settle");
    }

    /** The sandbox card {@code tok_processor_down} finds the routing's first processor down. */
    private boolean playsDown(ChargeRequest request, PaymentProvider provider) {
        return PROCESSOR_DOWN_TOKEN.equals(request.token()) && provider.name().equals(routing.getFirst());
    }

    private Optional<String> next(PaymentRoutes.Route route) {
        return routing.stream()
                .filter(name -> !name.equals(route.provider()) && !route.skipped().contains(name))
                .findFirst();
    }

    // also reached after a timed-out authorisation that went through: the orphan is captured here
    private PaymentOutcome capture(PaymentProvider provider, ChargeRequest request, OrderKeys keys, ProviderResult authorization) {
        Attempt captured = call(provider, keys.capture(), () -> provider.capture(keys.capture(), authorization.id(), request.amount()));
        return switch (captured) {
            // money is held on the card but not taken; charging again captures it
            case Silent s -> new PaymentOutcome(Status.AUTHORIZED, provider.name(), authorization.id(), null, null);
            case Down d -> new PaymentOutcome(Status.AUTHORIZED, provider.name(), authorization.id(), null, d.reason());
            case Answer(ProviderResult capture) when !capture.succeeded() ->
                    new PaymentOutcome(Status.DECLINED, provider.name(), authorization.id(), null, capture.declineReason());
            case Answer(ProviderResult capture) ->
                    new PaymentOutcome(Status.CAPTURED, provider.name(), authorization.id(), capture.id(), null);
        };
    }

    /**
     * Voids an authorisation that lost the route to another processor. Best effort: if the void gets no
     * answer the authorisation stays uncaptured (nothing is ever captured without the pin) and expires.
     */
    private void voidOrphan(PaymentProvider provider, OrderKeys keys, ProviderResult authorization) {
        log.warn("authorisation lost the order's route, voiding it provider={} authorizationId={}", provider.name(), authorization.id());
        call(provider, keys.voidAuthorization(), () -> provider.voidAuthorization(keys.voidAuthorization(), authorization.id()));
    }

    @Override
    public PaymentOutcome status(UUID orderId) {
        PaymentProvider provider = processorOf(orderId);
        OrderKeys keys = new OrderKeys(orderId);
        try {
            Optional<ProviderResult> authorized = lookup(provider, keys.authorize());
            if (authorized.isEmpty() || !authorized.get().succeeded()) {
                return new PaymentOutcome(Status.NONE, provider.name(), null, null,
                        authorized.map(ProviderResult::declineReason).orElse(null));
            }
            String authorizationId = authorized.get().id();
            Optional<ProviderResult> captured = succeeded(provider, keys.capture());
            if (captured.isPresent()) {
                Status status = succeeded(provider, keys.refund()).isPresent() ? Status.REFUNDED : Status.CAPTURED;
                return new PaymentOutcome(status, provider.name(), authorizationId, captured.get().id(), null);
            }
            Status status = succeeded(provider, keys.voidAuthorization()).isPresent() ? Status.VOIDED : Status.AUTHORIZED;
            return new PaymentOutcome(status, provider.name(), authorizationId, null, null);
        } catch (Unanswered e) {
            return new PaymentOutcome(Status.UNKNOWN, provider.name(), null, null, e.getMessage());
        }
    }

    @Override
    public PaymentOutcome reverse(UUID orderId) {
        PaymentProvider provider = processorOf(orderId);
        OrderKeys keys = new OrderKeys(orderId);
        PaymentOutcome outcome;
        try {
            outcome = voidOrRefund(provider, keys);
        } catch (Unanswered e) {
            outcome = new PaymentOutcome(Status.UNKNOWN, provider.name(), null, null, e.getMessage());
        }
        log.info("payment reversed orderId={} provider={} status={} reason={}", orderId, provider.name(),
                outcome.status(), outcome.reason());
        return outcome;
    }

    private PaymentOutcome voidOrRefund(PaymentProvider provider, OrderKeys keys) {
        Optional<ProviderResult> authorized = succeeded(provider, keys.authorize());
        if (authorized.isEmpty()) {
            return new PaymentOutcome(Status.NONE, provider.name(), null, null, null);
        }
        ProviderResult authorization = authorized.get();
        Optional<ProviderResult> captured = succeeded(provider, keys.capture());
        if (captured.isPresent()) {
            return refund(provider, keys, authorization, captured.get());
        }
        ProviderResult voided = answered(call(provider, keys.voidAuthorization(),
                () -> provider.voidAuthorization(keys.voidAuthorization(), authorization.id())), provider,
                "the provider did not answer the void; nothing was voided");
        if (voided.succeeded()) {
            return new PaymentOutcome(Status.VOIDED, provider.name(), authorization.id(), null, null);
        }
        // a concurrent charge() captured the authorisation between the look-up and the void
        Optional<ProviderResult> capturedMeanwhile = succeeded(provider, keys.capture());
        return capturedMeanwhile.isPresent()
                ? refund(provider, keys, authorization, capturedMeanwhile.get())
                : status(keys.orderId());
    }

    private PaymentOutcome refund(PaymentProvider provider, OrderKeys keys, ProviderResult authorization, ProviderResult capture) {
        ProviderResult refunded = answered(call(provider, keys.refund(),
                () -> provider.refund(keys.refund(), capture.id(), capture.amount())), provider,
                "the provider did not answer the refund; nothing was refunded");
        if (!refunded.succeeded()) {
            // the money is still taken: say so rather than pretend the reversal happened
            return new PaymentOutcome(Status.CAPTURED, provider.name(), authorization.id(), capture.id(),
                    "refund declined: " + refunded.declineReason());
        }
        return new PaymentOutcome(Status.REFUNDED, provider.name(), authorization.id(), capture.id(), null);
    }

    /** Every processor's ledger entries for the order, oldest first: an operator sees money wherever it moved. */
    @Override
    public List<PaymentRecord> records(UUID orderId) {
        return processors.values().stream()
                .flatMap(provider -> provider.ledger(orderId).stream())
                .sorted(Comparator.comparing(PaymentRecord::at))
                .toList();
    }

    /** The processor that knows a payment id named by a webhook, and the order it belongs to. */
    Optional<UUID> orderOf(String provider, String paymentId) {
        PaymentProvider processor = processors.get(provider);
        return processor == null ? Optional.empty() : processor.orderOf(paymentId);
    }

    boolean knows(String provider) {
        return processors.containsKey(provider);
    }

    /** Where the order's money is: its route, or for an order without one (placed before routing) the first processor. */
    private PaymentProvider processorOf(UUID orderId) {
        return processor(routes.find(orderId).map(PaymentRoutes.Route::provider).orElse(routing.getFirst()));
    }

    private PaymentProvider processor(String name) {
        PaymentProvider provider = processors.get(name);
        if (provider == null) {
            throw new IllegalStateException("an order is routed to '" + name + "', which is not configured; known: "
                    + processors.keySet());
        }
        return provider;
    }

    /**
     * Calls the processor through its circuit breaker. When it went silent after sending, or answered a
     * server error, asks it what it recorded under the key before anything else is decided.
     *
     * @throws Unanswered when that look-up fails too
     */
    private Attempt call(PaymentProvider provider, String key, Supplier<ProviderResult> operation) {
        try {
            ProviderResult result = breakers.call(provider.name(), operation);
            counters.answered(provider.name(), result);
            return new Answer(result);
        } catch (CallNotPermittedException e) {
            counters.unavailable(provider.name());
            return new Down(provider.name() + " circuit breaker is open");
        } catch (PaymentProcessorUnavailableException e) {
            counters.unavailable(provider.name());
            log.warn("payment processor unavailable provider={} key={} sent={}: {}", provider.name(), key, e.requestSent(),
                    e.getMessage());
            if (!e.requestSent()) {
                return new Down(e.getMessage());
            }
            return lookup(provider, key).<Attempt>map(Answer::new).orElseGet(() -> new Down(e.getMessage()));
        } catch (PaymentTimeoutException e) {
            counters.timedOut(provider.name());
            log.warn("payment processor timed out provider={} key={}: {}", provider.name(), key, e.getMessage());
            return lookup(provider, key).<Attempt>map(Answer::new).orElse(new Silent());
        }
    }

    private static ProviderResult answered(Attempt attempt, PaymentProvider provider, String otherwise) {
        if (attempt instanceof Answer(ProviderResult result)) {
            return result;
        }
        throw new Unanswered(provider.name(), otherwise);
    }

    private Optional<ProviderResult> succeeded(PaymentProvider provider, String key) {
        return lookup(provider, key).filter(ProviderResult::succeeded);
    }

    /** Look-ups bypass the breaker: they are how an unknown outcome becomes known, so they are always tried. */
    private Optional<ProviderResult> lookup(PaymentProvider provider, String key) {
        try {
            return provider.lookup(key);
        } catch (RuntimeException e) {
            // whatever the failure, what happened cannot be told now; callers ask again later
            log.warn("payment look-up failed provider={} key={}", provider.name(), key, e);
            throw new Unanswered(provider.name(), "the provider could not tell what happened under " + key + ": " + e.getMessage());
        }
    }

    /** How a call to a processor ended. */
    private sealed interface Attempt permits Answer, Silent, Down {
    }

    /** The processor answered (or, asked after silence, had recorded) this. */
    private record Answer(ProviderResult result) implements Attempt {
    }

    /** The processor went silent after the request was sent and recorded nothing under the key. */
    private record Silent() implements Attempt {
    }

    /** The processor is down: nothing happened there. */
    private record Down(String reason) implements Attempt {
    }

    /** The provider could not tell what happened: the outcome is UNKNOWN. */
    private static final class Unanswered extends RuntimeException {

        private final String provider;

        Unanswered(String provider, String message) {
            super(message, null, false, false);
            this.provider = provider;
        }
    }
}
