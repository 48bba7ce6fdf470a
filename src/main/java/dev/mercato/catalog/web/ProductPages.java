package dev.mercato.catalog.web;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import dev.mercato.catalog.Catalog;
import dev.mercato.catalog.ProductDetails;
import dev.mercato.catalog.ProductId;
import dev.mercato.catalog.ProductsChanged;
import dev.mercato.catalog.StockLevels;
import dev.mercato.platform.cache.AfterCommit;
import dev.mercato.platform.cache.CacheRegion;
import dev.mercato.platform.cache.CacheSettings;
import dev.mercato.platform.cache.Caches;
import dev.mercato.platform.web.ETags;

/**
 * The product page {@code GET /api/products/{idOrSlug}} answers, composed at the edge from two
 * sources that change for different reasons: the product from {@link Catalog#product} (changes only
 * with {@code ProductsChanged}) and the variants' {@code available} from {@link StockLevels} (changes
 * with stock). Both halves are cached: the product here, in region {@code product-pages} keyed by the
 * caller's segment and the product id, dropped after the commit of every {@link ProductsChanged}
 * naming it; availability by the inventory module. Slugs resolve to ids through region
 * {@code product-slugs}, checked against the entry's own slug, so a renamed or reused slug never
 * shows another product. The admin routes answer the same page (read past the cache), so a client
 * can take the ETag of either to a conditional write.
 *
 * <p>The ETag is strong and a digest of everything in the body: the catalog half's digest, kept
 * with the cached entry, and each variant's availability. The body is a function of exactly those,
 * so the ETag changes whenever the bytes do (RFC 9110 8.8.1) and a stock change gives a new one: a
 * client revalidating with If-None-Match gets 304 only while product and stock are both as it saw
 * them, and that answer needs neither the database nor a serialized body. The price of that choice:
 * an If-Match write fails with 412 when stock moved since the GET, although the product did not;
 * the client reads the page again (or sends {@code If-Match: *}).
 */
@Component
class ProductPages {

    /** The segments a catalog answer may vary by; every one is dropped when a product changes. */
    static final List<String> SEGMENTS = List.of("guest", "customer");
    /** The segment of a caller without an account: guests and anonymous readers. */
    static final String GUEST = "guest";
    /** Past this many products in one event (an import batch) the region is dropped whole. */
    private static final int DROP_ALL_ABOVE = 200;

    /** The catalog half of a page as cached: the product without stock and the digest of its JSON. */
    record CachedProduct(ProductDetails product, String digest) {
    }

    /** The page as sent: the composed product and its ETag; the body is written only when asked for, then kept. */
    final class ProductPage {
        private final ProductDetails product;
        private final String etag;
        private volatile byte[] body;

        private ProductPage(ProductDetails product, String etag) {
            this.product = product;
            this.etag = etag;
        }

        ProductDetails product() {
            return product;
        }

        String etag() {
            return etag;
        }

        /** The JSON bytes, rendered once per ETag in this process ({@link RenderedBodies}). */
        byte[] body() {
            byte[] kept = body;
            if (kept == null) {
                kept = rendered.of(etag, () -> json.writeValueAsBytes(product));
                if (!caches.bypassed()) {
                    body = kept;
                }
            }
            return kept;
        }
    }

    /**
     * The last page composed for a cache key, reused while its catalog entry is the very object the
     * region holds and every variant's availability is what it was: a cached read then costs two
     * lookups and a comparison, where composing costs a copy of the product, a SHA-256 and a
     * rendered-body lookup (about three quarters of a cached read's server CPU in the issue 13
     * profile). A reloaded entry is a new object, so a product change is never answered from here.
     */
    private record Composed(CachedProduct entry, List<String> skus, long[] available, ProductPage page) {
    }

    private final Catalog catalog;
    private final ObjectProvider<StockLevels> stock;
    private volatile StockLevels resolvedStock;
    private final JsonMapper json;
    private final CacheRegion<CachedProduct> products;
    private final CacheRegion<String> slugs;
    private final RenderedBodies rendered;
    private final Caches caches;
    private final Cache<String, Composed> composed;

    ProductPages(Catalog catalog, ObjectProvider<StockLevels> stock, JsonMapper json, RenderedBodies rendered, Caches caches,
            CacheSettings settings) {
        this.catalog = catalog;
        this.caches = caches;
        this.composed = Caffeine.newBuilder().maximumSize(settings.maximumSize()).build();
        this.rendered = rendered;
        this.stock = stock;
        this.json = json;
        this.products = caches.region("product-pages", CachedProduct.class);
        this.slugs = caches.region("product-slugs", String.class);
    }

    /** The active product's page as the segment sees it, from the caches; empty when no active product has this id or slug. */
    Optional<ProductPage> find(String idOrSlug, String segment) {
        CachedProduct entry = isId(idOrSlug) ? byId(idOrSlug, segment) : bySlug(idOrSlug, segment);
        if (entry == null) {
            return Optional.empty();
        }
        StockLevels levels = stockLevels();
        return Optional.of(page(segment + "|" + entry.product().id(), entry, levels == null ? null : levels::available));
    }

    /**
     * The page {@link #find} would answer, when everything it is made of is held in this process
     * (the product, its slug when asked by slug, every variant's availability); null otherwise,
     * without loading anything.
     */
    ProductPage cached(String idOrSlug, String segment) {
        String id = isId(idOrSlug) ? idOrSlug : slugs.peek(idOrSlug);
        CachedProduct entry = id == null ? null : products.peek(segment + "|" + id);
        if (entry == null || (!isId(idOrSlug) && !entry.product().slug().equals(idOrSlug))) {
            return null;
        }
        StockLevels levels = stockLevels();
        if (levels == null) {
            return null;
        }
        return page(segment + "|" + id, entry, levels::availableIfCached);
    }

    /** Like {@link #find} but read from the database, for admin writes that check a precondition or answer what they wrote. */
    Optional<ProductPage> fresh(String idOrSlug) {
        StockLevels levels = stockLevels();
        return catalog.product(idOrSlug).map(this::entry).map(entry -> compose(entry, skus(entry), levels == null ? null
                : levels.available(skus(entry))));
    }

    @EventListener
    void on(ProductsChanged change) {
        List<ProductId> ids = change.productIds();
        AfterCommit.run(() -> {
            if (ids.size() > DROP_ALL_ABOVE) {
                products.invalidateAll();
                return;
            }
            for (ProductId id : ids) {
                for (String segment : SEGMENTS) {
                    products.invalidate(segment + "|" + id);
                }
            }
        });
    }

    private CachedProduct byId(String id, String segment) {
        return products.get(segment + "|" + id, key -> catalog.product(id).map(this::entry).orElse(null));
    }

    private CachedProduct bySlug(String slug, String segment) {
        String id = slugs.get(slug, key -> catalog.product(slug).map(ProductDetails::id).orElse(null));
        if (id == null) {
            return null;
        }
        CachedProduct entry = byId(id, segment);
        if (entry != null && entry.product().slug().equals(slug)) {
            return entry;
        }
        // the product was renamed or deactivated since the slug was resolved: the database decides
        slugs.invalidate(slug);
        return catalog.product(slug).map(found -> byId(found.id(), segment)).orElse(null);
    }

    private CachedProduct entry(ProductDetails product) {
        return new CachedProduct(product, ETags.of(json.writeValueAsBytes(product)));
    }

    /**
     * The composed page for a cache key, from {@link #composed} while nothing it shows changed.
     * @param stock availability of the variants' SKUs (null: no module reports stock); answering null means
     *              "not all held", and then so does this
     */
    private ProductPage page(String key, CachedProduct entry, Function<List<String>, Map<String, Long>> stock) {
        Composed last = caches.bypassed() ? null : composed.getIfPresent(key);
        List<String> skus = last != null && last.entry() == entry ? last.skus() : skus(entry);
        Map<String, Long> available = stock == null || skus.isEmpty() ? null : stock.apply(skus);
        if (stock != null && !skus.isEmpty() && available == null) {
            return null;
        }
        long[] values = values(skus, available);
        if (last != null && last.entry() == entry && Arrays.equals(last.available(), values)) {
            return last.page();
        }
        ProductPage page = compose(entry, skus, available);
        if (!caches.bypassed()) {
            composed.put(key, new Composed(entry, skus, values, page));
        }
        return page;
    }

    private ProductPage compose(CachedProduct entry, List<String> skus, Map<String, Long> available) {
        ProductDetails product = entry.product();
        if (available == null || skus.isEmpty()) {
            return new ProductPage(product, entry.digest());
        }
        ProductDetails shown = product.withAvailability(available);
        StringBuilder validator = new StringBuilder(entry.digest());
        shown.variants().forEach(v -> validator.append('|').append(v.sku()).append('=').append(v.available()));
        return new ProductPage(shown, ETags.of(validator.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> skus(CachedProduct entry) {
        return entry.product().variants().stream().map(ProductDetails.Variant::sku).toList();
    }

    /** What the page shows of each variant's stock, in variant order (a SKU without an answer shows 0); null without stock. */
    private static long[] values(List<String> skus, Map<String, Long> available) {
        if (available == null) {
            return null;
        }
        long[] values = new long[skus.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = available.getOrDefault(skus.get(i), 0L);
        }
        return values;
    }

    private static boolean isId(String idOrSlug) {
        return !idOrSlug.isEmpty() && idOrSlug.length() <= 19 && idOrSlug.chars().allMatch(Character::isDigit);
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
