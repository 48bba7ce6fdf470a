package dev.mercato.promotions;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * Special prices owed to a shopper at checkout. Joins the caller's transaction: checkout calls it in
 * the transaction that creates the order, so claimed units are used once, by the order that commits.
 */
public interface FlashPrices {

    /**
     * Takes up to {@code quantity} units the owner claimed on a flash sale of the SKU and has not
     * ordered yet; empty when there are none.
     */
    Optional<Discounted> useClaimed(String owner, String sku, int quantity, java.util.UUID orderId);

    /** The order will not be paid: the claimed units it used can be used by the shopper's next attempt. */
    void giveBack(java.util.UUID orderId);

    /** {@code units} of the line are sold at {@code unitPrice}; the rest at the regular price. */
    record Discounted(int units, BigDecimal unitPrice) {
    }
}
