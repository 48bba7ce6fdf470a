package dev.mercato.catalog.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Set-based SQL for writing products and variants: one statement per table per batch, the rows
 * passed as parallel arrays and spread by {@code unnest}. That keeps a 1,000-product batch to a
 * handful of round trips, which is what makes bulk import fast.
 */
@Component
class ProductRows {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ProductRows(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    record Row(String slug, ProductDraft draft, long brandId, long categoryId) {
    }

    /** SKU -> slug of the product that owns it, for the SKUs that exist. */
    Map<String, String> skuOwners(Collection<String> skus) {
        Map<String, String> owners = new java.util.HashMap<>();
        jdbc.sql("""
                SELECT v.sku, p.slug FROM product_variants v JOIN products p ON p.id = v.product_id
                WHERE v.sku = ANY (:skus)""")
                .param("skus", skus.toArray(String[]::new))
                .query(rs -> {
                    owners.put(rs.getString(1), rs.getString(2));
                });
        return owners;
    }

    /** Inserts the rows, or updates the product that already has the slug; returns slug -> id. */
    Map<String, Long> upsertBySlug(List<Row> rows) {
        return writeProducts(rows, """
                ON CONFLICT (slug) DO UPDATE SET title = excluded.title, description = excluded.description,
                    brand_id = excluded.brand_id, category_id = excluded.category_id, attributes = excluded.attributes,
                    media = excluded.media, rating = excluded.rating, review_count = excluded.review_count,
                    active = TRUE, version = products.version + 1, updated_at = now()""");
    }

    /** Inserts the rows; a slug that exists already makes the statement fail with a duplicate key. */
    Map<String, Long> insert(List<Row> rows) {
        return writeProducts(rows, "");
    }

    private Map<String, Long> writeProducts(List<Row> rows, String onConflict) {
        int n = rows.size();
        String[] slugs = new String[n], titles = new String[n], descriptions = new String[n], attributes = new String[n],
                media = new String[n], ratings = new String[n];
        Long[] brands = new Long[n], categories = new Long[n];
        Integer[] reviews = new Integer[n];
        for (int i = 0; i < n; i++) {
            Row row = rows.get(i);
            ProductDraft d = row.draft();
            slugs[i] = row.slug();
            titles[i] = d.title().trim();
            descriptions[i] = d.description();
            attributes[i] = json.writeValueAsString(d.attributes());
            media[i] = json.writeValueAsString(d.media());
            ratings[i] = d.rating() == null ? null : d.rating().toPlainString();
            brands[i] = row.brandId();
            categories[i] = row.categoryId();
            reviews[i] = d.reviewCount();
        }
        Map<String, Long> ids = new java.util.HashMap<>();
        jdbc.sql("""
                INSERT INTO products (slug, title, description, brand_id, category_id, attributes, media, rating, review_count)
                SELECT * FROM unnest(:slugs::text[], :titles::text[], :descriptions::text[], :brands::bigint[],
                                     :categories::bigint[], :attributes::jsonb[], :media::jsonb[], :ratings::numeric[],
                                     :reviews::int[])
                """ + onConflict + " RETURNING id, slug")
                .param("slugs", slugs).param("titles", titles).param("descriptions", descriptions)
                .param("brands", brands).param("categories", categories).param("attributes", attributes)
                .param("media", media).param("ratings", ratings).param("reviews", reviews)
                .query(rs -> {
                    ids.put(rs.getString("slug"), rs.getLong("id"));
                });
        return ids;
    }

    /** Replaces the variants of each product: listed SKUs are upserted in order, the others deactivated. */
    void replaceVariants(Map<Long, ProductDraft> draftsByProduct) {
        List<String> skus = new ArrayList<>(), titles = new ArrayList<>(), prices = new ArrayList<>(),
                currencies = new ArrayList<>(), attributes = new ArrayList<>();
        List<Long> productIds = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        draftsByProduct.forEach((productId, draft) -> {
            for (int i = 0; i < draft.variants().size(); i++) {
                ProductDraft.VariantDraft v = draft.variants().get(i);
                skus.add(v.sku());
                productIds.add(productId);
                positions.add(i);
                titles.add(v.title() == null || v.title().isBlank() ? draft.title().trim() : v.title().trim());
                prices.add(v.price().toPlainString());
                currencies.add(v.currency());
                attributes.add(json.writeValueAsString(v.attributes()));
            }
        });
        jdbc.sql("""
                UPDATE product_variants SET active = FALSE
                WHERE product_id = ANY (:productIds) AND active AND sku <> ALL (:skus)""")
                .param("productIds", draftsByProduct.keySet().toArray(Long[]::new))
                .param("skus", skus.toArray(String[]::new))
                .update();
        // the WHERE keeps a SKU with its product even if another product claims it concurrently
        jdbc.sql("""
                INSERT INTO product_variants (sku, product_id, position, title, price, currency, attributes)
                SELECT * FROM unnest(:skus::text[], :productIds::bigint[], :positions::int[], :titles::text[],
                                     :prices::numeric[], :currencies::text[], :attributes::jsonb[])
                ON CONFLICT (sku) DO UPDATE SET position = excluded.position, title = excluded.title,
                    price = excluded.price, currency = excluded.currency, attributes = excluded.attributes, active = TRUE
                WHERE product_variants.product_id = excluded.product_id""")
                .param("skus", skus.toArray(String[]::new)).param("productIds", productIds.toArray(Long[]::new))
                .param("positions", positions.toArray(Integer[]::new)).param("titles", titles.toArray(String[]::new))
                .param("prices", prices.toArray(String[]::new)).param("currencies", currencies.toArray(String[]::new))
                .param("attributes", attributes.toArray(String[]::new))
                .update();
    }

    /** @return the new version, or -1 when no product has this id (and version, when one is expected) */
    long updateProduct(long id, Row row, Long expectedVersion) {
        ProductDraft d = row.draft();
        return jdbc.sql("""
                UPDATE products SET slug = :slug, title = :title, description = :description, brand_id = :brandId,
                    category_id = :categoryId, attributes = :attributes::jsonb, media = :media::jsonb,
                    rating = :rating, review_count = :reviews, active = TRUE, version = version + 1, updated_at = now()
                WHERE id = :id AND (:expectedVersion::bigint IS NULL OR version = :expectedVersion::bigint)
                RETURNING version""")
                .param("slug", row.slug()).param("title", d.title().trim()).param("description", d.description())
                .param("brandId", row.brandId()).param("categoryId", row.categoryId())
                .param("attributes", json.writeValueAsString(d.attributes()))
                .param("media", json.writeValueAsString(d.media())).param("rating", d.rating())
                .param("reviews", d.reviewCount()).param("id", id).param("expectedVersion", expectedVersion)
                .query(Long.class).optional().orElse(-1L);
    }

    /** @return whether the product was active (at {@code expectedVersion}, when one is given) and now is not */
    boolean deactivate(long id, Long expectedVersion) {
        return jdbc.sql("""
                UPDATE products SET active = FALSE, version = version + 1, updated_at = now()
                WHERE id = :id AND active AND (:expectedVersion::bigint IS NULL OR version = :expectedVersion::bigint)""")
                .param("id", id).param("expectedVersion", expectedVersion).update() > 0;
    }

    java.util.Optional<String> slugOf(long id) {
        return jdbc.sql("SELECT slug FROM products WHERE id = :id").param("id", id).query(String.class).optional();
    }

    java.util.Optional<Long> idOfSlug(String slug) {
        return jdbc.sql("SELECT id FROM products WHERE slug = :slug").param("slug", slug).query(Long.class).optional();
    }
}
