package dev.mercato.catalog;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.mercato.platform.web.Page;

/**
 * What other modules and the web layer ask of the catalog. Reads only: writes go through the admin
 * routes and the importer. Product pages and lists show active products only.
 */
public interface Catalog {

    /**
     * The active product with this id or slug, from catalog data alone: variants carry no stock
     * ({@code available} null), so the answer changes only with {@link ProductsChanged} and a cache of
     * it needs no other invalidation. Stock is composed in by the caller (see {@link StockLevels}).
     */
    Optional<ProductDetails> product(String idOrSlug);

    /**
     * @param categoryPath limits to the category and its descendants (null: all)
     * @param brand        brand name or slug (null: all)
     * @param cursor       from a previous page's {@code nextCursor} (null: first page)
     */
    Page<ProductSummary> browse(String categoryPath, String brand, String cursor, int limit);

    /**
     * The page {@link #browse} answers, from catalog data alone ({@code inStock} null, the SKUs that
     * decide it beside each product): changes only with {@link ProductsChanged}, so the web layer
     * caches it on that event and composes stock in per read.
     *
     * @param mayLag true: the read may be answered by the read replica, which can be behind the last
     *               product change; false (for an answer that will be cached until the next change): the primary
     */
    Page<ListedProduct> listing(String categoryPath, String brand, String cursor, int limit, boolean mayLag);

    List<CategoryNode> categoryTree();

    /** The SKU with its current price, read from the database (never a cache): checkout prices come from here. */
    Optional<SkuInfo> sku(String sku);

    /** Sellable SKUs in code order after {@code after} (null: from the start), for jobs that walk the whole catalog. */
    List<String> sellableSkusAfter(String after, int limit);

    /** Like {@link #sku} for many SKUs in one query; unknown SKUs are absent from the map. */
    Map<String, SkuInfo> skus(Collection<String> skus);

    /** The category path of each SKU's product (coupons limited to categories); unknown SKUs are absent. */
    Map<String, String> categoryPaths(Collection<String> skus);

    /** These products as a search index needs them; ids that are unknown, inactive or have nothing to sell are absent. */
    List<SearchableProduct> searchable(Collection<ProductId> ids);

    /** Searchable products with an id above {@code afterId}, in id order: for walking the whole catalog. */
    List<SearchableProduct> searchableAfter(long afterId, int limit);

    /** How many products {@link #searchableAfter} walks in total. */
    long searchableCount();
}
