package dev.mercato.recommendations.internal;

import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.mercato.catalog.ProductSummary;

/**
 * Reads of the current build and of the catalog's and inventory's published views. A ranking is
 * always re-checked when read: only products that are active and have a unit to sell now are shown.
 */
@Component
class RecommendationReads {

    record Product(long id, long categoryId) {
    }

    private final JdbcClient jdbc;

    RecommendationReads(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Product> product(String idOrSlug) {
        if (idOrSlug.matches("\\d{1,18}")) {
            return jdbc.sql("SELECT id, category_id FROM searchable_products WHERE id = :id")
                    .param("id", Long.parseLong(idOrSlug)).query(Product.class).optional();
        }
        return jdbc.sql("SELECT id, category_id FROM searchable_products WHERE slug = :slug")
                .param("slug", idOrSlug).query(Product.class).optional();
    }

    /** The current build's ranking for the product, best first; empty without a build or data. */
    List<Long> boughtWith(long productId) {
        return jdbc.sql("""
                SELECT c.recommended_id FROM co_purchases c JOIN recommendation_builds b ON b.id = c.build_id AND b.current
                WHERE c.product_id = :id ORDER BY c.rank""")
                .param("id", productId).query(Long.class).list();
    }

    /** The category's best-sellers of the current build other than the product itself, best first. */
    List<Long> categoryBestsellers(long categoryId, long productId) {
        return jdbc.sql("""
                SELECT s.product_id FROM category_bestsellers s JOIN recommendation_builds b ON b.id = s.build_id AND b.current
                WHERE s.category_id = :category AND s.product_id <> :id ORDER BY s.rank""")
                .param("category", categoryId).param("id", productId).query(Long.class).list();
    }

    /** Summaries of those products that are active and in stock now, in the given order, at most {@code limit}. */
    List<ProductSummary> shown(List<Long> ranked, int limit) {
        if (ranked.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                SELECT p.id, p.slug, p.title, b.name AS brand, c.path AS category, v.price, v.currency,
                       p.rating, p.review_count, p.image_url
                FROM unnest(:ids::bigint[]) WITH ORDINALITY AS r(id, position)
                     JOIN searchable_products p ON p.id = r.id
                     JOIN searchable_brands b ON b.id = p.brand_id
                     JOIN searchable_categories c ON c.id = p.category_id
                     JOIN LATERAL (SELECT price, currency FROM searchable_variants sv WHERE sv.product_id = p.id
                                   ORDER BY price LIMIT 1) v ON TRUE
                WHERE EXISTS (SELECT 1 FROM searchable_variants sv JOIN sellable_stock s ON s.sku = sv.sku
                              WHERE sv.product_id = p.id)
                ORDER BY r.position
                LIMIT :limit""")
                .param("ids", ranked.toArray(Long[]::new)).param("limit", limit)
                .query((rs, n) -> new ProductSummary(rs.getString("id"), rs.getString("slug"), rs.getString("title"),
                        rs.getString("brand"), rs.getString("category"), rs.getBigDecimal("price"), rs.getString("currency"),
                        rs.getBigDecimal("rating"), rs.getInt("review_count"), true, rs.getString("image_url")))
                .list();
    }
}
