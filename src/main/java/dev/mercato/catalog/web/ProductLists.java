package dev.mercato.catalog.web;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import dev.mercato.catalog.Catalog;
import dev.mercato.catalog.ListedProduct;
import dev.mercato.catalog.ProductSummary;
import dev.mercato.catalog.ProductsChanged;
import dev.mercato.catalog.StockLevels;
import dev.mercato.platform.cache.AfterCommit;
import dev.mercato.platform.cache.CacheRegion;
import dev.mercato.platform.cache.CacheSettings;
import dev.mercato.platform.cache.Caches;
import dev.mercato.platform.web.ETags;
import dev.mercato.platform.web.Page;

/**
 * The list pages {@code GET /api/products} answers (first page, keyset pages, category and brand
 * browse), composed at the edge like {@link ProductPages}: the catalog half from
 * {@link Catalog#listing}, cached in region {@code product-lists} under the caller's segment and
 * the query; each summary's {@code inStock} from {@link StockLevels} (the inventory module's cached
 * availability, dropped on every stock change) at every read.
 *
 * <p>Invalidation: any {@link ProductsChanged} drops the whole region after its commit. A change to
 * one product can move it onto or off any page (created, deactivated, recategorised, its price
 * changed), and keyset pages shift with it, so there is no smaller set of keys that is always
 * right; product changes are rare next to list reads, so the cost is a reload per page per change.
 *
 * <p>The ETag is strong: a digest of the catalog half's digest and every summary's {@code inStock},
 * exactly what the body is made of, so a price change or a sell-out gives a new one and
 * If-None-Match is answered from the cached entry (and cached availability) without the database.
 */
@Component
class ProductLists {

    /** The catalog half of a list page as cached: the page without stock and the digest of its JSON. */
    record CachedList(Page<ListedProduct> page, String digest) {
    }

    /** A list page as sent: its ETag, and its body rendered only when asked for, then kept. */
    static final class ListPage {
        private final String etag;
        private final java.util.function.Supplier<byte[]> render;
        private final boolean keep;
        private volatile byte[] body;

        private ListPage(String etag, java.util.function.Supplier<byte[]> render, boolean keep) {
            this.etag = etag;
            this.render = render;
            this.keep = keep;
        }

        String etag() {
            return etag;
        }

        byte[] body() {
            byte[] kept = body;
            if (kept == null) {
                kept = render.get();
                if (keep) {
                    body = kept;
                }
            }
            return kept;
        }
    }

    /**
     * The last page composed for a key, reused while its catalog entry is the object the region holds
     * and each item's {@code inStock} is as it was (as {@code ProductPages} does for product pages):
     * the validator's SHA-256 and the rendered-body lookup are then skipped.
     */
    private record Composed(CachedList entry, List<String> skus, String stock, ListPage page) {
    }

    private final Catalog catalog;
    private final ObjectProvider<StockLevels> stock;
    private volatile StockLevels resolvedStock;
    private final JsonMapper json;
    private final RenderedBodies rendered;
    private final CacheRegion<CachedList> lists;
    private final Caches caches;
    private final Cache<String, Composed> composed;

    ProductLists(Catalog catalog, ObjectProvider<StockLevels> stock, JsonMapper json, RenderedBodies rendered, Caches caches,
            CacheSettings settings) {
        this.catalog = catalog;
        this.composed = Caffeine.newBuilder().maximumSize(settings.maximumSize()).build();
        this.stock = stock;
        this.json = json;
        this.rendered = rendered;
        this.lists = caches.region("product-lists", CachedList.class);
        this.caches = caches;
    }

    /** The page as the segment sees it; arguments as {@link Catalog#browse}. */
    ListPage find(String category, String brand, String cursor, int limit, String segment) {
        String key = key(category, brand, cursor, limit, segment);
        CachedList entry = lists.get(key, k -> {
            // a page that will be kept reads the primary: a replica may not have replayed the change whose
            // invalidation made this load, and its page would then be served until the next change
            Page<ListedProduct> page = catalog.listing(category, brand, cursor, limit, !caches.keeps());
            return new CachedList(page, ETags.of(json.writeValueAsBytes(page)));
        });
        StockLevels levels = stockLevels();
        return page(key, entry, levels == null ? null : levels::available);
    }

    /** The page {@link #find} would answer when it and every item's stock are held in this process; null otherwise, loading nothing. */
    ListPage cached(String category, String brand, String cursor, int limit, String segment) {
        String key = key(category, brand, cursor, limit, segment);
        CachedList entry = lists.peek(key);
        StockLevels levels = stockLevels();
        return entry == null || levels == null ? null : page(key, entry, levels::availableIfCached);
    }

    /** @param stock availability of the SKUs (null: no module reports stock); answering null means "not all held", and then so does this */
    private ListPage page(String key, CachedList entry, Function<List<String>, Map<String, Long>> stock) {
        List<ListedProduct> items = entry.page().items();
        Composed last = caches.bypassed() ? null : composed.getIfPresent(key);
        List<String> skus = last != null && last.entry() == entry ? last.skus()
                : items.stream().flatMap(item -> item.skus().stream()).distinct().toList();
        Map<String, Long> available = stock == null || items.isEmpty() ? null : stock.apply(skus);
        if (stock != null && !items.isEmpty() && available == null) {
            return null;
        }
        StringBuilder shownStock = new StringBuilder(items.size());
        items.forEach(item -> shownStock.append(available == null ? '?' : item.skus().stream()
                .anyMatch(sku -> available.getOrDefault(sku, 0L) > 0) ? '1' : '0'));
        String stockShown = shownStock.toString();
        if (last != null && last.entry() == entry && last.stock().equals(stockShown)) {
            return last.page();
        }
        String validator = "list|" + entry.digest() + "|" + stockShown;
        String etag = ETags.of(validator.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        boolean keep = !caches.bypassed();
        ListPage page = new ListPage(etag, () -> rendered.of(etag, () -> json.writeValueAsBytes(shown(entry.page(), available))), keep);
        if (keep) {
            composed.put(key, new Composed(entry, skus, stockShown, page));
        }
        return page;
    }

    private static String key(String category, String brand, String cursor, int limit, String segment) {
        return segment + "|" + limit + "|" + nullable(category) + "|" + nullable(brand) + "|" + nullable(cursor);
    }

    @EventListener
    void on(ProductsChanged change) {
        AfterCommit.run(lists::invalidateAll);
    }

    private static Page<ProductSummary> shown(Page<ListedProduct> page, Map<String, Long> available) {
        List<ProductSummary> items = page.items().stream()
                .map(item -> available == null ? item.summary() : item.withStock(available)).toList();
        return new Page<>(items, page.nextCursor());
    }

    /** Length-prefixed, so no value a client sends (whatever it contains) reads as another parameter or as absent. */
    private static String nullable(String value) {
        return value == null ? "-" : value.length() + ":" + value;
    }

    /** Resolved once: a bean lookup by type on every read showed in the profile. Null while no module reports stock. */
    private StockLevels stockLevels() {
        StockLevels found = resolvedStock;
        if (found == null) {
            found = stock.getIfAvailable();
            resolvedStock = found;
        }
        return found;
    }
}
