package dev.mercato.catalog;

import java.util.List;
import java.util.Optional;

import dev.mercato.platform.web.Page;

/**
 * What other modules and the web layer ask of the catalog. Reads only: writes go through the admin
 * routes and the importer. Product pages and lists show active products only.
 */
public interface Catalog {

    Optional<ProductDetails> product(String idOrSlug);

    /**
     * @param categoryPath limits to the category and its descendants (null: all)
     * @param brand        brand name or slug (null: all)
     * @param cursor       from a previous page's {@code nextCursor} (null: first page)
     */
    Page<ProductSummary> browse(String categoryPath, String brand, String cursor, int limit);

    List<CategoryNode> categoryTree();
}
