package dev.mercato.pricing;

import java.util.Collection;
import java.util.Map;

import dev.mercato.platform.commerce.Money;
import dev.mercato.platform.commerce.OrderId;
import dev.mercato.platform.commerce.Owner;

/**
 * The port through which special prices a shopper has claimed (flash sales, implemented by
 * promotions) reach the quote. Both methods join the caller's transaction and must agree: for the
 * same owner and quantities, {@link #redeem} takes exactly the units {@link #open} shows, so the
 * cart's quote and the order's quote are equal.
 */
public interface ClaimedPrices {

    /** Units the owner claimed and has not ordered yet, per SKU (SKUs without any are absent). Reads only. */
    Map<String, Claimed> open(Owner owner, Collection<String> skus);

    /**
     * Takes up to {@code quantities} of the owner's open claimed units for the order, per SKU, locking
     * the claims so a concurrent checkout of the same owner cannot use them twice. Returns what was taken.
     */
    Map<String, Claimed> redeem(Owner owner, Map<String, Integer> quantities, OrderId order);

    /** The order will not be paid: the units it took are open again for the shopper's next attempt. */
    void giveBack(OrderId order);

    /** {@code units} claimed at {@code unitPrice}. */
    record Claimed(int units, Money unitPrice) {
    }
}
