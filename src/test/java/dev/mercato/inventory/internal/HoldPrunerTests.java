package dev.mercato.inventory.internal;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import dev.mercato.support.ApiTest;
import dev.mercato.support.Shop;

import static org.assertj.core.api.Assertions.assertThat;

class HoldPrunerTests extends ApiTest {

    @Autowired
    ApplicationContext context;

    @Test
    void deletesOnlyFinishedHoldsPastRetentionAndLeavesStockUntouched() {
        Shop shop = new Shop(api, adminToken());
        String sku = shop.productWithStock("1.00", 10);
        String keeper = shop.guest();
        String leaver = shop.guest();
        shop.add(keeper, sku, 2);
        shop.add(leaver, sku, 3);
        api.delete("/api/cart/items/" + sku, leaver);
        // the released hold is old enough to go; the live one must stay whatever its age
        jdbc.sql("UPDATE holds SET updated_at = now() - interval '8 days' WHERE sku = :sku").param("sku", sku).update();

        int pruned = new InventoryJobs(context).pruneFinishedHolds();

        assertThat(pruned).isGreaterThanOrEqualTo(1);
        assertThat(jdbc.sql("SELECT state FROM holds WHERE sku = :sku").param("sku", sku).query(String.class).list())
                .containsExactly("active");
        assertThat(shop.available(sku)).isEqualTo(8);
        assertThat(new InventoryJobs(context).reconcile()).isZero();
    }

    @Test
    void stockCannotBeAdjustedBelowZero() {
        Shop shop = new Shop(api, adminToken());
        String sku = shop.productWithStock("1.00", 2);
        var response = api.post("/api/admin/stock/" + sku + "/wh-0/adjustments", Map.of("delta", -5, "reason", "miscount"), adminToken());
        assertThat(response.status()).isEqualTo(409);
        assertThat(response.json().get("type").asString()).endsWith("/negative-stock");
        assertThat(jdbc.sql("SELECT quantity FROM stock WHERE sku = :sku").param("sku", sku).query(Long.class).list()).isEqualTo(List.of(2L));
    }
}
