package dev.mercato.orders.internal;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.mercato.payments.ChargeRequest;
import dev.mercato.payments.PaymentOutcome;
import dev.mercato.payments.Payments;

/**
 * Finishes orders that stopped between checkout phases (a crash, a timeout the provider could not
 * explain at once). Asks the provider what happened, by the order's idempotency keys: money taken
 * means the order is paid; an authorisation without capture is captured (the same keys, so never
 * twice); nothing means the order is cancelled and its stock released — or, when its idempotency key
 * is still open, handed back to the cart and the key rewound so a retry with it places the order
 * again. Safe on several nodes: {@link PaymentResults} locks the order and only acts while it is
 * pending; and recovery first takes the key's lease, so it never settles an order a retry is resuming.
 */
@Component
class OrderRecovery {

    private static final Logger log = LoggerFactory.getLogger(OrderRecovery.class);

    private final OrderRows orders;
    private final Payments payments;
    private final PaymentResults results;
    private final TransactionTemplate transactions;
    private final OrdersSettings settings;
    private final IdempotencyKeys keys;
    private final Clock clock;

    OrderRecovery(OrderRows orders, Payments payments, PaymentResults results, TransactionTemplate transactions,
            OrdersSettings settings, IdempotencyKeys keys, Clock clock) {
        this.orders = orders;
        this.payments = payments;
        this.results = results;
        this.transactions = transactions;
        this.settings = settings;
        this.keys = keys;
        this.clock = clock;
    }

    @Scheduled(initialDelayString = "PT30S", fixedDelayString = OrdersSettings.RECOVERY_INTERVAL)
    void scheduledRecovery() {
        recover();
        transactions.executeWithoutResult(tx -> keys.purge(clock.instant(), settings.abandonedKeyAfter()));
    }

    /** Settles every order pending for longer than {@code recoverAfter}; returns how many were finished. */
    int recover() {
        List<UUID> stale = transactions.execute(tx -> orders.lockStalePending(clock.instant().minus(settings.recoverAfter()), 100));
        int finished = 0;
        for (UUID orderId : stale) {
            if (recover(orderId)) {
                finished++;
            }
        }
        return finished;
    }

    private boolean recover(UUID orderId) {
        if (!transactions.execute(tx -> keys.leaseForRecovery(orderId, clock.instant(), settings.checkoutLease()))) {
            log.info("pending order left to the request resuming it orderId={}", orderId);
            return false;
        }
        PaymentOutcome outcome = payments.status(orderId);
        if (outcome.is(PaymentOutcome.Status.AUTHORIZED)) {
            OrderRows.Header order = orders.find(orderId).orElseThrow();
            outcome = payments.charge(new ChargeRequest(orderId, order.total().amount(), order.total().currency(), order.paymentMethod(),
                    order.paymentToken()));
        }
        CheckoutResult result = results.apply(orderId, outcome, false);
        log.info("pending order recovered orderId={} providerSays={} finished={}", orderId, outcome.status(), result != null);
        return result != null;
    }
}
