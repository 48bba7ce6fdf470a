package dev.mercato.inventory;

/**
 * What can be sold of a SKU changed: by an admin, by releases and expiries, by a cancelled order,
 * or because it sold out. Carries the new availability; listeners treat it as a level, not a
 * delta, so redelivery is harmless.
 */
public record StockChanged(String sku, long available) {
}
