package dev.mercato.catalog.web;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
    /** Past this many products in one event (an import batch) the region is dropped whole. */
    private static final int DROP_ALL_ABOVE = 200;

    /** The catalog half of a page as cached: the product without stock and the digest of its JSON. */
    record CachedProduct(ProductDetails product, String digest) {
    }

    /** The page as sent: the composed product and its ETag; the body is written only when asked for. */
    final class ProductPage {
        private final ProductDetails product;
        private final String etag;

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
            return rendered.of(etag, () -> json.writeValueAsBytes(product));
        }
    }

    private final Catalog catalog;
    private final ObjectProvider<StockLevels> stock;
    private volatile StockLevels resolvedStock;
    private final JsonMapper json;
    private final CacheRegion<CachedProduct> products;
    private final CacheRegion<String> slugs;
    private final RenderedBodies rendered;

    ProductPages(Catalog catalog, ObjectProvider<StockLevels> stock, JsonMapper json, RenderedBodies rendered, Caches caches) {
        this.catalog = catalog;
        this.rendered = rendered;
        this.stock = stock;
        this.json = json;
        this.products = caches.region("product-pages", CachedProduct.class);
        this.slugs = caches.region("product-slugs", String.class);
    }

    /** The active product's page as the segment sees it, from the caches; empty when no active product has this id or slug. */
    Optional<ProductPage> find(String idOrSlug, String segment) {
        return Optional.ofNullable(isId(idOrSlug) ? byId(idOrSlug, segment) : bySlug(idOrSlug, segment)).map(this::page);
    }

    /** Like {@link #find} but read from the database, for admin writes that check a precondition or answer what they wrote. */
    Optional<ProductPage> fresh(String idOrSlug) {
        return catalog.product(idOrSlug).map(this::entry).map(this::page);
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

    private ProductPage page(CachedProduct entry) {
        ProductDetails product = entry.product();
        StockLevels levels = stockLevels();
        if (levels == null || product.variants().isEmpty()) {
            return new ProductPage(product, entry.digest());
        }
        Map<String, Long> available = levels.available(product.variants().stream().map(ProductDetails.Variant::sku).toList());
        ProductDetails shown = product.withAvailability(available);
        StringBuilder validator = new StringBuilder(entry.digest());
        shown.variants().forEach(v -> validator.append('|').append(v.sku()).append('=').append(v.available()));
        return new ProductPage(shown, ETags.of(validator.toString().getBytes(StandardCharsets.UTF_8)));
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
