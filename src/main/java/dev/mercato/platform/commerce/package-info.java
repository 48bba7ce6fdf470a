/**
 * The shared vocabulary of the business modules: {@link dev.mercato.platform.commerce.Money},
 * {@link dev.mercato.platform.commerce.Owner} (who a cart, an order or a claim belongs to) and
 * {@link dev.mercato.platform.commerce.OrderId}. They live here, below every business module,
 * because modules that orders depends on (pricing, promotions) must name orders and owners too;
 * putting the types in orders would make those dependencies cycles.
 */
package dev.mercato.platform.commerce;
