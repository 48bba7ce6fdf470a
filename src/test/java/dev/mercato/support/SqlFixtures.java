package dev.mercato.support;

import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Rows written with SQL the way catalog and inventory store them, for module tests whose module
 * has no way to create them (and must not be given one): no event announces them.
 */
public final class SqlFixtures {

    private SqlFixtures() {
    }

    /** A product titled {@code title} with one SKU, {@code quantity} units on hand in a warehouse of its own; returns the SKU. */
    public static String sellableSku(JdbcClient jdbc, String title, int quantity) {
        String key = UUID.randomUUID().toString().substring(0, 8);
        long category = jdbc.sql("INSERT INTO categories (name, path, depth) VALUES ('Test', :path, 1) RETURNING id")
                .param("path", "test-" + key).query(Long.class).single();
        long brand = jdbc.sql("INSERT INTO brands (name, slug) VALUES ('Test', :slug) RETURNING id")
                .param("slug", "test-" + key).query(Long.class).single();
        long product = jdbc.sql("""
                INSERT INTO products (slug, title, brand_id, category_id) VALUES (:slug, :title, :brand, :category)
                RETURNING id""").param("slug", "lamp-" + key).param("title", title).param("brand", brand)
                .param("category", category).query(Long.class).single();
        String sku = "SKU-" + key;
        jdbc.sql("INSERT INTO product_variants (sku, product_id, position, title, price, currency) VALUES (:sku, :product, 1, 'Lamp', 19.90, 'USD')")
                .param("sku", sku).param("product", product).update();
        long warehouse = jdbc.sql("INSERT INTO warehouses (code, name) VALUES (:code, 'Test') RETURNING id")
                .param("code", "w-" + key).query(Long.class).single();
        jdbc.sql("INSERT INTO stock (sku, warehouse_id, quantity) VALUES (:sku, :warehouse, :quantity)")
                .param("sku", sku).param("warehouse", warehouse).param("quantity", quantity).update();
        return sku;
    }
}
