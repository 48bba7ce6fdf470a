package dev.mercato.catalog.web;

import java.util.Map;
import java.util.Optional;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import dev.mercato.catalog.Catalog;
import dev.mercato.catalog.ProductDetails;
import dev.mercato.catalog.StockLevels;
import dev.mercato.platform.web.ETags;

/**
 * The product page {@code GET /api/products/{idOrSlug}} answers, composed at the edge from two
 * sources that change for different reasons: the product from {@link Catalog#product} (changes only
 * with {@code ProductsChanged}, so it can be cached and invalidated by product events alone) and the
 * variants' {@code available} from {@link StockLevels} (changes with every sale and restock, read
 * fresh on every call). The admin routes answer the same page, so a client can take the ETag of
 * either to a conditional write.
 *
 * <p>The ETag is strong and a digest of the whole body, availability included. RFC 9110 (8.8.1) lets
 * a strong validator stay the same only while the representation's bytes do, and availability is in
 * the body (API.md keeps {@code variants[].available}), so a stock change gives a new ETag: a client
 * revalidating with If-None-Match gets 304 only while product and stock are both as it saw them,
 * never a stale stock figure. A version-only ETag would either be a false strong validator or, made
 * weak, never pass If-Match (which compares strongly) and let caches keep stale stock on 304. The
 * price of that choice: an If-Match write fails with 412 when stock moved since the GET, although
 * the product did not; the client reads the page again (or sends {@code If-Match: *}).
 */
@Component
class ProductPages {

    /** The page as sent: the composed product, its JSON body and that body's ETag. */
    record ProductPage(ProductDetails product, byte[] body, String etag) {
    }

    private final Catalog catalog;
    private final ObjectProvider<StockLevels> stock;
    private final JsonMapper json;

    ProductPages(Catalog catalog, ObjectProvider<StockLevels> stock, JsonMapper json) {
        this.catalog = catalog;
        this.stock = stock;
        this.json = json;
    }

    /** The active product's page; empty when no active product has this id or slug. */
    Optional<ProductPage> find(String idOrSlug) {
        return catalog.product(idOrSlug).map(this::page);
    }

    private ProductPage page(ProductDetails product) {
        StockLevels levels = stock.getIfAvailable();
        ProductDetails shown = product;
        if (levels != null && !product.variants().isEmpty()) {
            Map<String, Long> available = levels.available(product.variants().stream().map(ProductDetails.Variant::sku).toList());
            shown = product.withAvailability(available);
        }
        byte[] body = json.writeValueAsBytes(shown);
        return new ProductPage(shown, body, ETags.of(body));
    }
}
