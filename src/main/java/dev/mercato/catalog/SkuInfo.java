package dev.mercato.catalog;

import java.math.BigDecimal;

/**
 * A sellable SKU as other modules see it: current price and whether it can be bought now
 * ({@code sellable}: both the variant and its product are active).
 */
public record SkuInfo(String sku, ProductId productId, String title, BigDecimal price, String currency, boolean sellable) {
}
