package dev.mercato.catalog.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.mercato.catalog.ProductId;
import dev.mercato.catalog.SearchableProduct;

/** Reads products the way the search index wants them, in batches. */
@Component
class SearchableProducts {

    /** Products without an active variant are left out: there is nothing to buy, and no price to show. */
    private static final String SELECT = """
            SELECT p.id, p.slug, p.title, p.description, b.name AS brand, b.slug AS brand_slug, c.path AS category,
                   p.rating, p.review_count, p.media ->> 0 AS image_url, v.price, v.currency, v.skus
            FROM products p
            JOIN brands b ON b.id = p.brand_id
            JOIN categories c ON c.id = p.category_id
            JOIN LATERAL (SELECT min(price) AS price, min(currency) AS currency, array_agg(sku ORDER BY position) AS skus
                          FROM product_variants WHERE product_id = p.id AND active
                          HAVING count(*) > 0) v ON TRUE
            WHERE p.active""";

    private final JdbcClient jdbc;

    SearchableProducts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<SearchableProduct> byIds(Collection<ProductId> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(SELECT + " AND p.id = ANY (:ids) ORDER BY p.id")
                .param("ids", ids.stream().map(ProductId::value).toArray(Long[]::new))
                .query((rs, n) -> row(rs)).list();
    }

    List<SearchableProduct> after(long afterId, int limit) {
        return jdbc.sql(SELECT + " AND p.id > :afterId ORDER BY p.id LIMIT :limit")
                .param("afterId", afterId).param("limit", limit)
                .query((rs, n) -> row(rs)).list();
    }

    long count() {
        return jdbc.sql("""
                SELECT count(*) FROM products p
                WHERE p.active AND EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = p.id AND v.active)""")
                .query(Long.class).single();
    }

    private static SearchableProduct row(ResultSet rs) throws SQLException {
        return new SearchableProduct(new ProductId(rs.getLong("id")), rs.getString("slug"), rs.getString("title"),
                rs.getString("description"), rs.getString("brand"), rs.getString("brand_slug"), rs.getString("category"),
                rs.getBigDecimal("price"), rs.getString("currency"), rs.getBigDecimal("rating"), rs.getInt("review_count"),
                rs.getString("image_url"), List.of((String[]) rs.getArray("skus").getArray()));
    }
}
