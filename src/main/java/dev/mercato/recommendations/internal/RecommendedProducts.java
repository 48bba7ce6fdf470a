package dev.mercato.recommendations.internal;

import java.util.List;
import java.util.Optional;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.mercato.catalog.ProductSummary;
import dev.mercato.catalog.ProductsChanged;
import dev.mercato.inventory.StockChanged;
import dev.mercato.platform.cache.AfterCommit;
import dev.mercato.platform.cache.CacheRegion;
import dev.mercato.platform.cache.Caches;

/**
 * The recommendations of one product as the product page shows them, cached per product in region
 * {@code recommendations}. The answer holds other products' data (title, price, whether they may be
 * shown), so it is dropped as a whole when any of that may have changed: when a rebuild is
 * published, when products change (admin writes and imports, rare next to reads), and when a SKU
 * sells out (the one stock change that can hide a product). A product back in stock shows again at
 * the next of those or within the cache's TTL.
 */
@Component
public class RecommendedProducts {

    /** What the cache holds for a product: its best recommendations, active and in stock when read. */
    record Answer(List<ProductSummary> items) {
    }

    private final RecommendationReads reads;
    private final RecommendationSettings settings;
    private final CacheRegion<Answer> cache;

    RecommendedProducts(RecommendationReads reads, RecommendationSettings settings, Caches caches) {
        this.reads = reads;
        this.settings = settings;
        this.cache = caches.region("recommendations", Answer.class);
    }

    /**
     * Up to {@code limit} products bought with this active product, best first; when nobody bought it
     * with anything that can be shown, its category's best-sellers. Empty when no active product has
     * this id or slug.
     */
    public Optional<List<ProductSummary>> of(String idOrSlug, int limit) {
        Answer answer = cache.get(idOrSlug, this::load);
        return Optional.ofNullable(answer).map(found -> found.items().subList(0, Math.min(limit, found.items().size())));
    }

    private Answer load(String idOrSlug) {
        return reads.product(idOrSlug).map(product -> {
            List<ProductSummary> bought = reads.shown(reads.boughtWith(product.id()), settings.perProduct());
            if (bought.isEmpty()) {
                bought = reads.shown(reads.categoryBestsellers(product.categoryId(), product.id()), settings.perProduct());
            }
            return new Answer(List.copyOf(bought));
        }).orElse(null);
    }

    void invalidateAll() {
        cache.invalidateAll();
    }

    @EventListener
    void on(ProductsChanged change) {
        AfterCommit.run(cache::invalidateAll);
    }

    @EventListener
    void on(StockChanged change) {
        if (change.available() <= 0) {
            AfterCommit.run(cache::invalidateAll);
        }
    }
}
