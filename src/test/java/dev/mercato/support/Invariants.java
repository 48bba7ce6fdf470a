package dev.mercato.support;

import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inventory and order invariants, checked in the database after concurrent runs. Call after
 * the settler has run, so every sold hold is folded into stock.
 */
public final class Invariants {

    private final JdbcClient jdbc;

    public Invariants(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void holdFor(List<String> skus) {
        String[] array = skus.toArray(String[]::new);
        assertThat(jdbc.sql("SELECT count(*) FROM stock WHERE sku = ANY (:skus) AND NOT (0 <= reserved AND reserved <= quantity)")
                .param("skus", array).query(Long.class).single()).as("0 <= reserved <= quantity").isZero();

        List<String> drift = jdbc.sql("""
                SELECT s.sku || '@' || s.warehouse_id || ' reserved=' || s.reserved || ' live=' || coalesce(h.live, 0)
                FROM stock s LEFT JOIN (SELECT sku, warehouse_id, sum(quantity) AS live FROM holds
                                        WHERE state IN ('active', 'committed', 'sold') GROUP BY sku, warehouse_id) h
                     USING (sku, warehouse_id)
                WHERE s.sku = ANY (:skus) AND s.reserved <> coalesce(h.live, 0)""").param("skus", array).query(String.class).list();
        assertThat(drift).as("reserved equals the sum of live holds").isEmpty();

        List<String> orphans = jdbc.sql("""
                SELECT h.id || ' ' || h.sku || '@' || h.warehouse_id FROM holds h
                WHERE h.sku = ANY (:skus) AND NOT EXISTS (SELECT 1 FROM stock s WHERE s.sku = h.sku AND s.warehouse_id = h.warehouse_id)""")
                .param("skus", array).query(String.class).list();
        assertThat(orphans).as("every hold belongs to a stock row").isEmpty();

        List<String> ledger = jdbc.sql("""
                SELECT s.sku || '@' || s.warehouse_id || ' quantity=' || s.quantity || ' ledger=' || coalesce(m.total, 0)
                FROM stock s LEFT JOIN (SELECT sku, warehouse_id, sum(quantity_delta) AS total FROM stock_movements
                                        GROUP BY sku, warehouse_id) m USING (sku, warehouse_id)
                WHERE s.sku = ANY (:skus) AND s.quantity <> coalesce(m.total, 0)""").param("skus", array).query(String.class).list();
        assertThat(ledger).as("the ledger replays to the current quantity").isEmpty();

        List<String> sold = jdbc.sql("""
                SELECT l.sku || ' ordered=' || l.units || ' ledger=' || coalesce(m.units, 0)
                FROM (SELECT ol.sku, sum(ol.quantity) AS units FROM order_lines ol JOIN orders o ON o.id = ol.order_id
                      WHERE o.status IN ('paid', 'fulfilling', 'shipped', 'delivered') AND ol.sku = ANY (:skus) GROUP BY ol.sku) l
                FULL JOIN (SELECT sku, -sum(quantity_delta) AS units FROM stock_movements
                           WHERE kind IN ('sale', 'return') AND sku = ANY (:skus) GROUP BY sku) m USING (sku)
                WHERE coalesce(l.units, 0) <> coalesce(m.units, 0)""").param("skus", array).query(String.class).list();
        assertThat(sold).as("units sold equal the order lines of paid orders").isEmpty();

        List<String> orderHolds = jdbc.sql("""
                SELECT o.id || ' ' || o.status FROM orders o JOIN order_lines ol ON ol.order_id = o.id
                WHERE ol.sku = ANY (:skus) AND o.status IN ('paid', 'fulfilling', 'shipped', 'delivered')
                  AND ol.quantity <> (SELECT coalesce(sum(quantity), 0) FROM holds h
                                      WHERE h.order_id = o.id AND h.sku = ol.sku AND h.state IN ('sold', 'settled'))""")
                .param("skus", array).query(String.class).list();
        assertThat(orderHolds).as("every paid order line is backed by its sold holds").isEmpty();

        List<String> leaked = jdbc.sql("""
                SELECT h.id || ' ' || h.state || ' order ' || o.status FROM holds h JOIN orders o ON o.id = h.order_id
                WHERE h.sku = ANY (:skus) AND o.status IN ('cancelled', 'refunded') AND h.state IN ('committed', 'sold')""")
                .param("skus", array).query(String.class).list();
        assertThat(leaked).as("cancelled orders hold nothing").isEmpty();
    }

    public long oversold(String sku) {
        return jdbc.sql("""
                SELECT coalesce(sum(ol.quantity), 0) - (SELECT coalesce(sum(quantity_delta), 0) FROM stock_movements
                                                        WHERE sku = :sku AND kind IN ('set', 'adjust', 'restock'))
                FROM order_lines ol JOIN orders o ON o.id = ol.order_id
                WHERE ol.sku = :sku AND o.status IN ('paid', 'fulfilling', 'shipped', 'delivered')""")
                .param("sku", sku).query(Long.class).single();
    }
}
