/**
 * Shopping carts of guests and customers. Every change to a line reserves or releases stock
 * through {@link dev.mercato.inventory.Inventory} in the same transaction, and renews the cart's
 * holds. Listens to {@link dev.mercato.customers.GuestSessionClaimed} to merge a guest's cart into
 * the customer's. Prices itself through {@link dev.mercato.pricing.Pricing}, the quote checkout charges.
 * Offers {@link dev.mercato.cart.Carts} to checkout and promotions.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Cart", allowedDependencies = {"catalog", "customers", "inventory", "platform", "pricing"})
package dev.mercato.cart;
