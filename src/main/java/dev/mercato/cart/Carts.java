package dev.mercato.cart;

import java.util.Map;
import java.util.Optional;

import dev.mercato.platform.commerce.Owner;
import dev.mercato.platform.security.Caller;

/**
 * What checkout and promotions need from carts. Every method but {@link #addItem} joins the caller's
 * transaction.
 */
public interface Carts {

    /**
     * Locks the owner's cart (so no cart change can interleave with the checkout) and returns its
     * lines; empty when the caller has no cart.
     */
    Optional<CartContents> lockForCheckout(Owner owner);

    /** Adds units to the caller's cart exactly as {@code POST /api/cart/items} does (holds taken first). */
    void addItem(Caller caller, String sku, int quantity);

    /**
     * Locks the cart whose holds are kept under {@code holdOwner} and returns its SKU quantities
     * (empty if the cart is gone). Lock order across modules: order, then cart, then holds.
     */
    Map<String, Integer> lockContents(String holdOwner);

    /**
     * Removes ordered units from the cart whose holds are kept under {@code holdOwner} (lines that
     * drop to zero are deleted); does nothing if that cart is gone.
     */
    void removeOrdered(String holdOwner, Map<String, Integer> ordered);

    /**
     * @param holdOwner the owner name the cart's stock holds are kept under
     * @param quantities SKU -> units in the cart
     */
    record CartContents(java.util.UUID cartId, String holdOwner, Map<String, Integer> quantities) {
    }
}
