package dev.mercato.catalog.internal;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Service;

import dev.mercato.catalog.Catalog;
import dev.mercato.catalog.CategoryNode;
import dev.mercato.catalog.ListedProduct;
import dev.mercato.catalog.ProductDetails;
import dev.mercato.catalog.ProductId;
import dev.mercato.catalog.SearchableProduct;
import dev.mercato.catalog.ProductSummary;
import dev.mercato.catalog.SkuInfo;
import dev.mercato.platform.web.Cursors;
import dev.mercato.platform.web.Page;

@Service
class CatalogService implements Catalog {

    private final ProductQueries queries;
    private final Categories categories;
    private final Brands brands;
    private final SearchableProducts searchable;

    CatalogService(ProductQueries queries, Categories categories, Brands brands, SearchableProducts searchable) {
        this.queries = queries;
        this.categories = categories;
        this.brands = brands;
        this.searchable = searchable;
    }

    @Override
    public Optional<ProductDetails> product(String idOrSlug) {
        return queries.details(idOrSlug);
    }

    @Override
    public Page<ProductSummary> browse(String categoryPath, String brand, String cursor, int limit) {
        return page(categoryPath, brand, cursor, limit, queries::browse, ProductSummary::id);
    }

    @Override
    public Page<ListedProduct> listing(String categoryPath, String brand, String cursor, int limit, boolean mayLag) {
        return page(categoryPath, brand, cursor, limit,
                (categoryIds, brandId, afterId, size) -> queries.listing(categoryIds, brandId, afterId, size, mayLag),
                listed -> listed.summary().id());
    }

    /** One keyset query per page of either form. */
    private interface PageQuery<T> {
        List<T> rows(List<Long> categoryIds, Long brandId, long afterId, int limit);
    }

    private <T> Page<T> page(String categoryPath, String brand, String cursor, int limit, PageQuery<T> query,
            java.util.function.Function<T, String> idOf) {
        long afterId = cursor == null ? 0 : Cursors.decodeLong(cursor);
        List<Long> categoryIds = categoryPath == null ? null : categories.subtreeIds(categoryPath);
        Long brandId = null;
        if (brand != null) {
            Optional<Long> found = brands.findId(brand);
            if (found.isEmpty()) {
                return new Page<>(List.of(), null);
            }
            brandId = found.get();
        }
        if (categoryIds != null && categoryIds.isEmpty()) {
            return new Page<>(List.of(), null);
        }
        List<T> rows = query.rows(categoryIds, brandId, afterId, limit);
        if (rows.size() <= limit) {
            return new Page<>(rows, null);
        }
        List<T> page = rows.subList(0, limit);
        return new Page<>(List.copyOf(page), Cursors.encode(idOf.apply(page.getLast())));
    }

    @Override
    public List<CategoryNode> categoryTree() {
        return queries.categoryTree(categories.all());
    }

    @Override
    public Optional<SkuInfo> sku(String sku) {
        return Optional.ofNullable(queries.skus(List.of(sku)).get(sku));
    }

    @Override
    public Map<String, SkuInfo> skus(Collection<String> skus) {
        return skus.isEmpty() ? Map.of() : queries.skus(skus);
    }

    @Override
    public Map<String, String> categoryPaths(Collection<String> skus) {
        return skus.isEmpty() ? Map.of() : queries.categoryPaths(skus);
    }

    @Override
    public List<String> sellableSkusAfter(String after, int limit) {
        return queries.sellableSkusAfter(after, limit);
    }

    @Override
    public List<SearchableProduct> searchable(Collection<ProductId> ids) {
        return searchable.byIds(ids);
    }

    @Override
    public List<SearchableProduct> searchableAfter(long afterId, int limit) {
        return searchable.after(afterId, limit);
    }

    @Override
    public long searchableCount() {
        return searchable.count();
    }
}
