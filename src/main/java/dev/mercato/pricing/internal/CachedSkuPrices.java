package dev.mercato.pricing.internal;

import java.util.Collection;
import java.util.Map;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.mercato.catalog.Catalog;
import dev.mercato.catalog.ProductsChanged;
import dev.mercato.catalog.SkuInfo;
import dev.mercato.platform.cache.AfterCommit;
import dev.mercato.platform.cache.CacheRegion;
import dev.mercato.platform.cache.Caches;

/**
 * The catalog's price and sellability of SKUs as quotes need them, cache-aside in region
 * {@code pricing-skus} instead of one catalog query per quote (every cart view and change). Every
 * {@link ProductsChanged} (the event of any price, product or variant change) drops the whole region
 * once its transaction has committed: the event names products and the region is keyed by SKU, and
 * product writes are rare next to quotes. So the next quote after a committed price change prices
 * with it on this node, and on the other nodes once the invalidation message arrives. Unknown SKUs
 * are not cached. Checkout's {@code priceOrder} does not read this: the price charged is read in the
 * order's own transaction.
 */
@Component
class CachedSkuPrices {

    private final Catalog catalog;
    private final CacheRegion<SkuInfo> skus;

    CachedSkuPrices(Catalog catalog, Caches caches) {
        this.catalog = catalog;
        this.skus = caches.region("pricing-skus", SkuInfo.class);
    }

    /** Like {@link Catalog#skus}: unknown SKUs are absent. */
    Map<String, SkuInfo> find(Collection<String> wanted) {
        return skus.getAll(wanted, catalog::skus);
    }

    @EventListener
    void on(ProductsChanged changed) {
        AfterCommit.run(skus::invalidateAll);
    }
}
