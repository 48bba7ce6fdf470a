package dev.mercato.cart.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import dev.mercato.cart.Carts;
import dev.mercato.catalog.SkuInfo;
import dev.mercato.inventory.Inventory;
import dev.mercato.inventory.ReservationEngine;
import dev.mercato.platform.commerce.Owner;
import dev.mercato.platform.security.Caller;
import dev.mercato.platform.web.ProblemException;
import dev.mercato.pricing.Pricing;

/**
 * Cart changes. Adding goes through the {@link ReservationEngine} (see {@link #add}); the other
 * changes run in one transaction each. Each locks the cart row first, so concurrent changes to one cart queue up
 * instead of racing, renews every hold of the cart (a shopper who is still active keeps what they
 * picked), then changes the line and its holds together. Renewing first also takes the cart's hold
 * locks before any stock-row lock: inventory always locks holds before stock, and the expiry
 * sweeper does the same, so the two cannot deadlock.
 */
@Service
public class CartService implements Carts {

    static final int MAX_LINE_QUANTITY = 1000;

    private final CartRows carts;
    private final CartSkus skus;
    private final Pricing pricing;
    private final Inventory inventory;
    private final Clock clock;
    private final ReservationEngine engine;
    private final TransactionTemplate transactions;
    private final CartLinesWithHolds linesWithHolds;

    CartService(CartRows carts, CartSkus skus, Pricing pricing, Inventory inventory, Clock clock, ReservationEngine engine,
            TransactionTemplate transactions, CartLinesWithHolds linesWithHolds) {
        this.engine = engine;
        this.linesWithHolds = linesWithHolds;
        this.transactions = transactions;
        this.carts = carts;
        this.skus = skus;
        this.pricing = pricing;
        this.inventory = inventory;
        this.clock = clock;
    }

    /** The caller's cart priced by {@link Pricing}, the same quote checkout charges. */
    @Transactional
    public CartView view(Caller caller) {
        return view(caller, null);
    }

    /**
     * The caller's cart with {@code couponCode} applied as a preview (null or blank: none): the quote a
     * checkout with that coupon would charge now. Nothing is redeemed.
     */
    @Transactional
    public CartView view(Caller caller, String couponCode) {
        Owner owner = Owner.of(caller);
        return carts.find(owner).map(cartId -> view(owner, cartId, couponCode)).orElseGet(CartView::empty);
    }

    /**
     * Adds units to a line. The hold comes from the reservation engine, which commits it in its own
     * batch transaction (thousands of shoppers on one SKU share one stock-row lock); no connection is
     * held while waiting for it. Before it, one statement outside any transaction finds (or creates)
     * the cart and checks the line limit and the currency, so bad input is refused before anything is
     * held. The line itself is added in the batch's transaction too ({@link CartLinesWithHolds}),
     * which repeats those checks under the cart lock and renews and lists the cart's holds: the hold
     * and the line are durable together when the engine answers, one commit for the whole batch.
     * Where the batch could not add the line (the cart was busy with another change, or a check
     * failed under the lock), the hold is granted alone and the add finishes as before in a short
     * transaction of its own ({@link #addLineAfterHold}). The SKU's sellable flag and currency come
     * from {@link CartSkus}.
     */
    public CartView add(Caller caller, String sku, int quantity) {
        SkuInfo info = sellable(sku);
        Owner owner = Owner.of(caller);
        CartRows.BeforeAdd before = carts.beforeAdd(owner, sku, clock.instant());
        requireWithinLimit(before.quantity() + quantity);
        if (before.quantity() == 0) {
            requireSameCurrency(before.otherSku(), info);
        }
        UUID cartId = before.cartId();
        String holdOwner = CartRows.holdOwner(cartId);
        ReservationEngine.Reserved<Map<String, Integer>> reserved = engine.reserve(holdOwner, sku, quantity, holdExpiry(clock.instant()),
                linesWithHolds, new CartLinesWithHolds.Line(cartId, before.otherSku()));
        if (reserved.withCompanion()) {
            // committed: the line passed the same checks under the cart lock, so pricing it cannot be refused
            return CartView.of(cartId, pricing.quote(owner, reserved.answer()), reserved.held());
        }
        return addLineAfterHold(owner, cartId, sku, quantity);
    }

    /**
     * The second half of an add whose line the hold batch did not write: one short transaction adds
     * to the line under the cart lock, checking the limit again (a concurrent add may have come
     * first), and renews and reads the cart's holds in one statement. If that fails, the hold is
     * given back; if the process dies in between, the hold has no line and simply expires: a unit is
     * kept from sale for at most the hold time, never sold twice.
     */
    private CartView addLineAfterHold(Owner owner, UUID cartId, String sku, int quantity) {
        String holdOwner = CartRows.holdOwner(cartId);
        try {
            return transactions.execute(tx -> {
                Instant now = clock.instant();
                if (!carts.addUnits(cartId, sku, quantity, MAX_LINE_QUANTITY, now)) {
                    if (!carts.exists(cartId)) {
                        throw notInCart(sku);
                    }
                    throw quantityLimit();
                }
                Map<String, Integer> items = carts.items(cartId);
                return CartView.of(cartId, pricing.quote(owner, items), inventory.renewAndList(holdOwner, holdExpiry(now)));
            });
        } catch (RuntimeException e) {
            transactions.executeWithoutResult(tx -> inventory.release(holdOwner, sku, quantity));
            throw e;
        }
    }

    @Transactional
    public CartView update(Caller caller, String sku, int quantity) {
        if (quantity == 0) {
            return remove(caller, sku);
        }
        requireWithinLimit(quantity);
        Instant now = clock.instant();
        Owner owner = Owner.of(caller);
        UUID cartId = carts.lock(owner).orElseThrow(() -> notInCart(sku));
        Integer current = carts.items(cartId).get(sku);
        if (current == null) {
            throw notInCart(sku);
        }
        String holdOwner = CartRows.holdOwner(cartId);
        inventory.renew(holdOwner, holdExpiry(now));
        int held = Optional.ofNullable(inventory.held(holdOwner).get(sku)).map(Inventory.Held::quantity).orElse(0);
        if (quantity > held) {
            sellable(sku);
            inventory.reserve(holdOwner, sku, quantity - held, holdExpiry(now));
        } else if (quantity < held) {
            inventory.release(holdOwner, sku, held - quantity);
        }
        carts.setQuantity(cartId, sku, quantity, now);
        return view(owner, cartId);
    }

    @Transactional
    public CartView remove(Caller caller, String sku) {
        Instant now = clock.instant();
        Owner owner = Owner.of(caller);
        UUID cartId = carts.lock(owner).orElseThrow(() -> notInCart(sku));
        if (!carts.items(cartId).containsKey(sku)) {
            throw notInCart(sku);
        }
        inventory.renew(CartRows.holdOwner(cartId), holdExpiry(now));
        inventory.release(CartRows.holdOwner(cartId), sku, Integer.MAX_VALUE);
        carts.remove(cartId, sku, now);
        return view(owner, cartId);
    }

    @Override
    public Optional<CartContents> lockForCheckout(Owner owner) {
        return carts.lock(owner).map(cartId -> new CartContents(cartId, CartRows.holdOwner(cartId), carts.items(cartId)));
    }

    @Override
    public void addItem(Caller caller, String sku, int quantity) {
        add(caller, sku, quantity);
    }

    @Override
    public Map<String, Integer> lockContents(String holdOwner) {
        return carts.lockById(CartRows.cartIdOf(holdOwner)).map(carts::items).orElse(Map.of());
    }

    @Override
    public void removeOrdered(String holdOwner, Map<String, Integer> ordered) {
        Instant now = clock.instant();
        UUID cartId = CartRows.cartIdOf(holdOwner);
        if (!carts.lockTouching(cartId, now)) {
            return;
        }
        carts.takeOut(cartId, ordered);
    }

    private CartView view(Owner owner, UUID cartId) {
        return view(owner, cartId, null);
    }

    private CartView view(Owner owner, UUID cartId, String couponCode) {
        Map<String, Integer> items = carts.items(cartId);
        return CartView.of(cartId, pricing.quote(owner, items, couponCode), inventory.held(CartRows.holdOwner(cartId)));
    }

    private SkuInfo sellable(String sku) {
        SkuInfo info = skus.find(sku).orElseThrow(() -> ProblemException.notFound("SKU", sku));
        if (!info.sellable()) {
            throw new ProblemException(HttpStatus.CONFLICT, "not-sellable", "Not sellable", "SKU " + sku + " is no longer sold");
        }
        return info;
    }

    /** A cart is in one currency: that of its first line of another SKU ({@code otherSku}, null when none). */
    private void requireSameCurrency(String otherSku, SkuInfo info) {
        if (otherSku == null) {
            return;
        }
        String cartCurrency = skus.find(otherSku).map(SkuInfo::currency).orElse(info.currency());
        if (!cartCurrency.equals(info.currency())) {
            throw ProblemException.conflict("currency-mismatch", "The cart is in " + cartCurrency + "; " + info.sku()
                    + " is sold in " + info.currency());
        }
    }

    private static void requireWithinLimit(int quantity) {
        if (quantity > MAX_LINE_QUANTITY) {
            throw quantityLimit();
        }
    }

    private static ProblemException quantityLimit() {
        return ProblemException.badRequest("quantity-limit", "At most " + MAX_LINE_QUANTITY + " units per line");
    }

    private Instant holdExpiry(Instant now) {
        return now.plus(inventory.holdTtl());
    }

    private static ProblemException notInCart(String sku) {
        return ProblemException.notFound("cart line", sku);
    }

}
