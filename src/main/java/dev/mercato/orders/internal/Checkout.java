package dev.mercato.orders.internal;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import dev.mercato.cart.Carts;
import dev.mercato.catalog.Catalog;
import dev.mercato.catalog.SkuInfo;
import dev.mercato.inventory.Inventory;
import dev.mercato.orders.OrderPlaced;
import dev.mercato.payments.ChargeRequest;
import dev.mercato.payments.PaymentOutcome;
import dev.mercato.payments.Payments;
import dev.mercato.platform.database.TransientFailureRetry;
import dev.mercato.platform.security.Caller;
import dev.mercato.platform.web.ProblemException;
import dev.mercato.promotions.FlashPrices;

/**
 * Exactly-once checkout (DESIGN.md section 5). The idempotency key is claimed first, in its own
 * commit. Phase 1, one transaction: re-price the cart from the database, commit its holds to a new
 * pending order. Phase 2, no transaction: charge through the provider with a key derived from the
 * order. Phase 3 ({@link PaymentResults}): record the outcome and the key's response. A crash at any
 * point leaves either nothing (the key is freed) or a pending order that the recovery job finishes
 * by asking the provider — never a second order or a second charge.
 */
@Service
public class Checkout {

    private static final Logger log = LoggerFactory.getLogger(Checkout.class);
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private final IdempotencyKeys keys;
    private final OrderRows orders;
    private final Carts carts;
    private final Catalog catalog;
    private final Inventory inventory;
    private final Payments payments;
    private final PaymentResults results;
    private final OrderMetrics metrics;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final JsonMapper json;
    private final Clock clock;
    private final TransientFailureRetry retry;
    private final FlashPrices flashPrices;

    Checkout(TransientFailureRetry retry, FlashPrices flashPrices, IdempotencyKeys keys, OrderRows orders, Carts carts, Catalog catalog, Inventory inventory, Payments payments,
            PaymentResults results, OrderMetrics metrics, TransactionTemplate transactions, ApplicationEventPublisher events,
            JsonMapper json, Clock clock) {
        this.keys = keys;
        this.orders = orders;
        this.carts = carts;
        this.catalog = catalog;
        this.inventory = inventory;
        this.payments = payments;
        this.results = results;
        this.metrics = metrics;
        this.transactions = transactions;
        this.events = events;
        this.json = json;
        this.clock = clock;
        this.retry = retry;
        this.flashPrices = flashPrices;
    }

    public CheckoutResult placeOrder(Caller caller, String key, CheckoutRequest request) {
        String owner = caller.ownerKey();
        String fingerprint = fingerprint(request);
        if (!transactions.execute(tx -> keys.claim(owner, key, fingerprint, clock.instant()))) {
            metrics.duplicate();
            return repeat(owner, key, fingerprint);
        }
        PendingOrder pending;
        try {
            pending = retry.run(() -> transactions.execute(tx -> createOrder(caller, key, request)));
        } catch (ProblemException refusal) {
            String body = results.problemBody(refusal);
            transactions.executeWithoutResult(tx -> keys.complete(owner, key, refusal.status().value(), body, clock.instant()));
            metrics.failed();
            return new CheckoutResult(refusal.status().value(), body, null, false);
        } catch (RuntimeException e) {
            // nothing was created, so the client may safely retry with the same key
            transactions.executeWithoutResult(tx -> keys.release(owner, key));
            throw e;
        }
        PaymentOutcome outcome;
        try {
            outcome = payments.charge(new ChargeRequest(pending.orderId(), pending.total(), pending.currency(),
                    request.payment().method(), request.payment().token()));
        } catch (RuntimeException e) {
            // the order exists and money may have moved: only the provider can tell, so recovery asks it later
            log.error("payment call failed, order left for recovery orderId={}", pending.orderId(), e);
            return stillPending(pending.orderId());
        }
        CheckoutResult result = retry.run(() -> results.apply(pending.orderId(), outcome, true));
        if (result == null) {
            log.warn("payment outcome unknown, order left for recovery orderId={}", pending.orderId());
            return stillPending(pending.orderId());
        }
        if (result.status() == 201) {
            metrics.succeeded(pending.total());
        } else {
            metrics.failed();
        }
        return result;
    }

    /**
     * 202 with the order as it stands (pending_payment): the client can follow it like any order.
     * The key stays in flight, so a retry gets 409 until recovery stores the final answer.
     */
    private CheckoutResult stillPending(UUID orderId) {
        return new CheckoutResult(202, json.writeValueAsString(orders.view(orderId).orElseThrow()), orderId.toString(), false);
    }

    private record PendingOrder(UUID orderId, BigDecimal total, String currency) {
    }

    private PendingOrder createOrder(Caller caller, String key, CheckoutRequest request) {
        if (request.couponCode() != null && !request.couponCode().isBlank()) {
            throw ProblemException.conflict("invalid-coupon", "Coupon '" + request.couponCode() + "' is not valid");
        }
        Carts.CartContents cart = carts.lockForCheckout(caller)
                .filter(contents -> !contents.quantities().isEmpty())
                .orElseThrow(() -> ProblemException.conflict("empty-cart", "The cart is empty"));
        // one line per SKU (the cart's key), so each SKU's total is checked once against stock
        Map<String, Integer> quantities = cart.quantities();
        Map<String, SkuInfo> skus = catalog.skus(quantities.keySet());
        List<OrderView.Line> lines = new ArrayList<>();
        BigDecimal subtotal = BigDecimal.ZERO.setScale(2);
        String currency = null;
        for (Map.Entry<String, Integer> item : quantities.entrySet()) {
            SkuInfo sku = skus.get(item.getKey());
            if (sku == null || !sku.sellable()) {
                throw new ProblemException(HttpStatus.CONFLICT, "not-sellable", "Not sellable",
                        "SKU " + item.getKey() + " is no longer sold; remove it from the cart").with("sku", item.getKey());
            }
            if (currency != null && !currency.equals(sku.currency())) {
                throw ProblemException.conflict("currency-mismatch", "The cart mixes currencies");
            }
            currency = sku.currency();
            BigDecimal lineTotal = sku.price().multiply(BigDecimal.valueOf(item.getValue()));
            lines.add(new OrderView.Line(sku.sku(), sku.title(), item.getValue(), sku.price(), lineTotal));
            subtotal = subtotal.add(lineTotal);
        }
        UUID orderId = UUID.randomUUID();
        Instant now = clock.instant();
        inventory.commitToOrder(cart.holdOwner(), quantities, orderId, now.plus(inventory.holdTtl()));
        BigDecimal discount = flashDiscount(caller.ownerKey(), lines, orderId);
        BigDecimal total = subtotal.subtract(discount);
        orders.insert(new OrderRows.NewOrder(orderId, caller.ownerKey(), caller.customerId(), currency, subtotal, discount, total,
                json.convertValue(request.shippingAddress(), OBJECT), request.payment().method(), request.payment().token(),
                cart.holdOwner()), lines, now);
        keys.attachOrder(caller.ownerKey(), key, orderId);
        events.publishEvent(new OrderPlaced(orderId, caller.customerId(), total, currency,
                lines.stream().map(l -> new OrderPlaced.Line(l.sku(), l.quantity(), l.unitPrice())).toList()));
        events.publishEvent(new dev.mercato.orders.OrderStatusChanged(orderId, null, OrderStatus.PENDING_PAYMENT.wire(), now));
        return new PendingOrder(orderId, total, currency);
    }

    /** Units claimed in a flash sale are charged at its price: the difference is the order's discount. */
    private BigDecimal flashDiscount(String owner, List<OrderView.Line> lines, UUID orderId) {
        BigDecimal discount = BigDecimal.ZERO.setScale(2);
        for (OrderView.Line line : lines) {
            var flash = flashPrices.useClaimed(owner, line.sku(), line.quantity(), orderId);
            if (flash.isPresent() && flash.get().unitPrice().compareTo(line.unitPrice()) < 0) {
                discount = discount.add(line.unitPrice().subtract(flash.get().unitPrice()).multiply(BigDecimal.valueOf(flash.get().units())));
            }
        }
        return discount;
    }

    private CheckoutResult repeat(String owner, String key, String fingerprint) {
        IdempotencyKeys.Stored stored = keys.find(owner, key).orElseThrow(() ->
                // claimed and freed again between our insert and read: the first request failed cleanly
                new ProblemException(HttpStatus.CONFLICT, "request-in-flight", "Request in flight",
                        "A request with this Idempotency-Key is being processed; retry shortly"));
        if (!stored.fingerprint().equals(fingerprint)) {
            throw new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused", "Idempotency key reused",
                    "This Idempotency-Key was used with a different request body");
        }
        if (!stored.completed()) {
            throw new ProblemException(HttpStatus.CONFLICT, "request-in-flight", "Request in flight",
                    "A request with this Idempotency-Key is being processed; retry shortly");
        }
        return new CheckoutResult(stored.responseStatus(), stored.responseBody(),
                stored.orderId() == null ? null : stored.orderId().toString(), true);
    }

    private String fingerprint(CheckoutRequest request) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.writeValueAsString(request).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
