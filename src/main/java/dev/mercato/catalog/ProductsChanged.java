package dev.mercato.catalog;

import java.util.List;

/**
 * Products were created, replaced, deactivated or imported; published in the same transaction as
 * the change (one event per admin write or per import batch, not per product). Listeners re-read
 * the products they care about, so a repeated delivery is harmless.
 */
public record ProductsChanged(List<ProductId> productIds) {

    public ProductsChanged {
        productIds = List.copyOf(productIds);
    }
}
