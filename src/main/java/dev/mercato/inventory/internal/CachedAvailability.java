package dev.mercato.inventory.internal;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.mercato.catalog.Catalog;
import dev.mercato.catalog.StockLevels;
import dev.mercato.inventory.StockChanged;
import dev.mercato.platform.cache.AfterCommit;
import dev.mercato.platform.cache.CacheRegion;
import dev.mercato.platform.cache.Caches;

/**
 * What can be sold per SKU as shoppers see it ({@code GET /api/availability/{sku}}, the product
 * page's {@code available}, browse's {@code inStock}), from region {@code availability}. Never used
 * to decide a reservation: reserve and checkout lock the stock rows and read them.
 *
 * <p>An entry is dropped after the commit of anything that moves what can be sold: every
 * {@link StockChanged} (admin changes, releases, expiries, cancellations, a sell-out) and, through
 * {@link #changed}, the reserve paths and repairs that publish no event because they are too hot
 * for the outbox (a grant that leaves stock on the shelf). So the next read after any committed
 * change sees it on this node, and on other nodes once the Redis message arrives.
 */
@Component
public class CachedAvailability implements StockLevels {

    private final StockRows stock;
    private final Catalog catalog;
    private final CacheRegion<Long> levels;

    CachedAvailability(StockRows stock, Catalog catalog, Caches caches) {
        this.stock = stock;
        this.catalog = catalog;
        this.levels = caches.region("availability", Long.class);
    }

    /**
     * Units of a SKU the catalog knows that can be sold now; empty for a SKU the catalog does not
     * know (looked up each time: unknown SKUs are not cached, so one created later shows at once).
     */
    public Optional<Long> available(String sku) {
        return Optional.ofNullable(levels.get(sku, key -> catalog.sku(key).isEmpty() ? null
                : stock.available(List.of(key)).getOrDefault(key, 0L)));
    }

    /** SKUs without stock rows answer 0, and that 0 is cached too: creating their first row sends {@link StockChanged}. */
    @Override
    public Map<String, Long> available(Collection<String> skus) {
        if (skus.isEmpty()) {
            return Map.of();
        }
        return levels.getAll(skus, missing -> {
            Map<String, Long> found = new HashMap<>(stock.available(missing));
            missing.forEach(sku -> found.putIfAbsent(sku, 0L));
            return found;
        });
    }

    /** The units held in this process for a SKU the catalog knows; null when none are held (nothing is loaded). */
    public Long cached(String sku) {
        return levels.peek(sku);
    }

    @Override
    public Map<String, Long> availableIfCached(Collection<String> skus) {
        Map<String, Long> found = new HashMap<>(skus.size() * 2);
        for (String sku : skus) {
            Long units = levels.peek(sku);
            if (units == null) {
                return null;
            }
            found.put(sku, units);
        }
        return found;
    }

    /** What can be sold of these SKUs changes with the current transaction: their entries go when it commits. */
    void changed(Collection<String> skus) {
        List<String> copy = List.copyOf(skus);
        AfterCommit.run(() -> copy.forEach(levels::invalidate));
    }

    @EventListener
    void on(StockChanged change) {
        changed(List.of(change.sku()));
    }
}
