package dev.mercato.cart.internal;

import java.util.Optional;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.mercato.catalog.Catalog;
import dev.mercato.catalog.ProductsChanged;
import dev.mercato.catalog.SkuInfo;
import dev.mercato.platform.cache.AfterCommit;
import dev.mercato.platform.cache.CacheRegion;
import dev.mercato.platform.cache.Caches;

/**
 * What a cart add needs to know of a SKU before it asks for a hold (does it exist, is it sold, in
 * which currency), from region {@code cart-skus} instead of one catalog query per add. Only ever a
 * gate: what the cart shows is priced by {@code Pricing} from the database, and checkout re-checks
 * every SKU there. Every {@link ProductsChanged} drops the whole region once its transaction has
 * committed (the event names products, the region is keyed by SKU; product writes are rare next to
 * adds), so a deactivated SKU is refused from the next add on. Unknown SKUs are not cached.
 */
@Component
class CartSkus {

    private final Catalog catalog;
    private final CacheRegion<SkuInfo> skus;

    CartSkus(Catalog catalog, Caches caches) {
        this.catalog = catalog;
        this.skus = caches.region("cart-skus", SkuInfo.class);
    }

    Optional<SkuInfo> find(String sku) {
        return Optional.ofNullable(skus.get(sku, key -> catalog.sku(key).orElse(null)));
    }

    @EventListener
    void on(ProductsChanged changed) {
        AfterCommit.run(skus::invalidateAll);
    }
}
