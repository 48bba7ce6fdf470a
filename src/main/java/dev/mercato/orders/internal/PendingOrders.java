package dev.mercato.orders.internal;

import java.time.Instant;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import dev.mercato.cart.Carts;
import dev.mercato.inventory.Inventory;
import dev.mercato.orders.OrderPlaced;
import dev.mercato.orders.OrderStatusChanged;
import dev.mercato.platform.commerce.Money;
import dev.mercato.platform.commerce.OrderId;
import dev.mercato.platform.commerce.Owner;
import dev.mercato.platform.database.TransientFailureRetry;
import dev.mercato.platform.web.ProblemException;
import dev.mercato.pricing.PriceQuote;
import dev.mercato.pricing.Pricing;

/**
 * Phase 1 of checkout, one transaction: lock the cart, price it through {@link Pricing} (the quote
 * the cart showed, its claimed special prices and its coupon redeemed), commit its holds to the new order through
 * {@link Inventory}, write the order as pending_payment and tie the idempotency key to it. Either all
 * of it commits (the second recovery point: a pending order recovery can finish) or none of it.
 */
@Component
class PendingOrders {

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private final Carts carts;
    private final Pricing pricing;
    private final Inventory inventory;
    private final OrderRows orders;
    private final IdempotencyKeys keys;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
    private final TransientFailureRetry retry;
    private final JsonMapper json;
    private final Clock clock;

    PendingOrders(Carts carts, Pricing pricing, Inventory inventory, OrderRows orders, IdempotencyKeys keys,
            ApplicationEventPublisher events, TransactionTemplate transactions, TransientFailureRetry retry, JsonMapper json,
            Clock clock) {
        this.carts = carts;
        this.pricing = pricing;
        this.inventory = inventory;
        this.orders = orders;
        this.keys = keys;
        this.events = events;
        this.transactions = transactions;
        this.retry = retry;
        this.json = json;
        this.clock = clock;
    }

    /** Another run of this checkout placed the order first; this run's phase 1 rolls back. */
    static final class KeyHasOrder extends RuntimeException {
        KeyHasOrder() {
            super("the idempotency key has an order already", null, false, false);
        }
    }

    /** What phase 2 needs: which order to charge, and how much. */
    record PendingOrder(OrderId orderId, Money total) {
    }

    /**
     * The order a resumed checkout continues with, while it still waits for its payment. Its prices and
     * committed holds were fixed in phase 1 and nothing expires committed holds, so it can be charged as is.
     */
    java.util.Optional<PendingOrder> stillPending(UUID orderId) {
        return orders.find(orderId).filter(order -> order.status() == OrderStatus.PENDING_PAYMENT)
                .map(order -> new PendingOrder(new OrderId(order.id()), order.total()));
    }

    /**
     * Creates the pending order, retrying transient database failures (the transaction rolled back, so
     * nothing was created). Throws {@link ProblemException} when the cart cannot be ordered; nothing is
     * created then either, nor when the key got an order from another run meanwhile ({@link KeyHasOrder}).
     */
    PendingOrder create(Owner owner, UUID customerId, String key, CheckoutRequest request) {
        return retry.run(() -> transactions.execute(tx -> createNow(owner, customerId, key, request)));
    }

    private PendingOrder createNow(Owner owner, UUID customerId, String key, CheckoutRequest request) {
        Carts.CartContents cart = carts.lockForCheckout(owner)
                .filter(contents -> !contents.quantities().isEmpty())
                .orElseThrow(() -> ProblemException.conflict("empty-cart", "The cart is empty"));
        OrderId orderId = OrderId.random();
        Instant now = clock.instant();
        // one line per SKU (the cart's key), so each SKU's total is checked once against stock
        // the coupon's redemption is taken here, held against its limits by constraints until the payment (see Pricing)
        PriceQuote quote = pricing.priceOrder(owner, cart.quantities(), orderId, request.couponCode());
        inventory.commitToOrder(cart.holdOwner(), cart.quantities(), orderId.value(), now.plus(inventory.holdTtl()));
        orders.insert(new OrderRows.NewOrder(orderId, owner, customerId, quote, json.convertValue(request.shippingAddress(), OBJECT),
                request.payment().method(), request.payment().token(), cart.holdOwner()), now);
        if (!keys.attachOrder(owner, key, orderId, now)) {
            throw new KeyHasOrder();
        }
        events.publishEvent(new OrderPlaced(orderId, customerId, quote.total(),
                quote.lines().stream().map(l -> new OrderPlaced.Line(l.sku(), l.quantity(), l.unitPrice())).toList(), now));
        events.publishEvent(new OrderStatusChanged(orderId, null, OrderStatus.PENDING_PAYMENT.wire(), now, quote.coupon() != null));
        return new PendingOrder(orderId, quote.total());
    }
}
