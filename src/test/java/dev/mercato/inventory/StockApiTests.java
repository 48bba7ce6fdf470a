package dev.mercato.inventory;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

import dev.mercato.inventory.internal.InventoryJobs;
import dev.mercato.support.Api;
import dev.mercato.support.ApiTest;
import dev.mercato.support.Invariants;
import dev.mercato.support.Prometheus;
import dev.mercato.support.Shop;

import static org.assertj.core.api.Assertions.assertThat;

class StockApiTests extends ApiTest {

    @Autowired
    ApplicationContext context;

    private Shop shop;
    private String admin;

    @BeforeEach
    void setUp() {
        admin = adminToken();
        shop = new Shop(api, admin);
    }

    @Test
    void createsWarehouseAndRefusesDuplicateOrInvalidCodes() {
        String code = unique("wh");
        var created = api.post("/api/admin/warehouses", Map.of("code", code, "name", "North", "priority", 7), admin);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("code").asString()).isEqualTo(code);
        assertThat(created.json().get("priority").asInt()).isEqualTo(7);
        assertThat(created.header("Location")).endsWith("/api/admin/warehouses/" + code);
        assertThat(jdbc.sql("SELECT name || ':' || priority FROM warehouses WHERE code = :code").param("code", code)
                .query(String.class).single()).isEqualTo("North:7");

        var duplicate = api.post("/api/admin/warehouses", Map.of("code", code, "name", "Other", "priority", 1), admin);
        assertThat(duplicate.status()).as(duplicate.toString()).isEqualTo(409);
        assertThat(duplicate.json().get("type").asString()).endsWith("/warehouse-exists");
        assertThat(jdbc.sql("SELECT count(*) FROM warehouses WHERE code = :code").param("code", code)
                .query(Long.class).single()).isEqualTo(1);

        long before = count("warehouses");
        var invalid = api.post("/api/admin/warehouses", Map.of("code", "no spaces!", "name", "Bad", "priority", 1), admin);
        assertThat(invalid.status()).as(invalid.toString()).isEqualTo(400);
        assertThat(invalid.json().get("errors").toString()).contains("code");
        var negative = api.post("/api/admin/warehouses", Map.of("code", unique("wh"), "name", "Bad", "priority", -1), admin);
        assertThat(negative.status()).as(negative.toString()).isEqualTo(400);
        assertThat(count("warehouses")).isEqualTo(before);
    }

    @Test
    void puttingStockSetsOnHandAndAnswersTheLevel() {
        String sku = shop.productWithStock("9.00");
        String warehouse = warehouse(0);

        var set = api.put("/api/admin/stock/" + sku + "/" + warehouse, Map.of("quantity", 12), admin);

        assertThat(set.status()).as(set.toString()).isEqualTo(200);
        JsonNode level = set.json();
        assertThat(level.get("sku").asString()).isEqualTo(sku);
        assertThat(level.get("warehouse").asString()).isEqualTo(warehouse);
        assertThat(level.get("quantity").asLong()).isEqualTo(12);
        assertThat(level.get("reserved").asLong()).isZero();
        assertThat(level.get("available").asLong()).isEqualTo(12);
        assertThat(stock(sku, warehouse)).containsExactly(12L, 0L);

        var lowered = api.put("/api/admin/stock/" + sku + "/" + warehouse, Map.of("quantity", 4), admin);
        assertThat(lowered.json().get("quantity").asLong()).isEqualTo(4);
        assertThat(stock(sku, warehouse)).containsExactly(4L, 0L);
        assertThat(movements(sku)).extracting(m -> m.get("kind") + " " + m.get("quantity_delta"))
                .containsExactly("set 12", "set -8");
        new Invariants(jdbc).holdFor(List.of(sku));
    }

    @Test
    void adjustmentWritesALedgerEntryWithItsReason() {
        String sku = shop.productWithStock("9.00", 10);

        var restock = api.post("/api/admin/stock/" + sku + "/wh-0/adjustments", Map.of("delta", 5, "reason", "supplier delivery 42"), admin);
        assertThat(restock.status()).as(restock.toString()).isEqualTo(200);
        assertThat(restock.json().get("quantity").asLong()).isEqualTo(15);
        var shrinkage = api.post("/api/admin/stock/" + sku + "/wh-0/adjustments", Map.of("delta", -2, "reason", "damaged in aisle 3"), admin);
        assertThat(shrinkage.status()).as(shrinkage.toString()).isEqualTo(200);
        assertThat(shrinkage.json().get("available").asLong()).isEqualTo(13);

        assertThat(stock(sku, "wh-0")).containsExactly(13L, 0L);
        List<Map<String, Object>> ledger = movements(sku);
        assertThat(ledger).hasSize(3);
        assertThat(ledger.get(1)).containsEntry("kind", "restock").containsEntry("quantity_delta", 5L)
                .containsEntry("reason", "supplier delivery 42").containsEntry("reference", "admin");
        assertThat(ledger.get(2)).containsEntry("kind", "adjust").containsEntry("quantity_delta", -2L)
                .containsEntry("reason", "damaged in aisle 3");

        var noReason = api.post("/api/admin/stock/" + sku + "/wh-0/adjustments", Map.of("delta", 1), admin);
        assertThat(noReason.status()).as(noReason.toString()).isEqualTo(400);
        assertThat(movements(sku)).hasSize(3);
        new Invariants(jdbc).holdFor(List.of(sku));
    }

    @Test
    void stockBelowWhatIsReservedIsRefusedAndChangesNothing() {
        String sku = shop.productWithStock("9.00", 5);
        assertThat(shop.add(shop.guest(), sku, 3).status()).isEqualTo(200);
        int ledgerBefore = movements(sku).size();

        var set = api.put("/api/admin/stock/" + sku + "/wh-0", Map.of("quantity", 2), admin);
        assertThat(set.status()).as(set.toString()).isEqualTo(409);
        assertThat(set.json().get("type").asString()).endsWith("/below-reserved");
        assertThat(set.json().get("reserved").asLong()).isEqualTo(3);

        var adjust = api.post("/api/admin/stock/" + sku + "/wh-0/adjustments", Map.of("delta", -3, "reason", "count"), admin);
        assertThat(adjust.status()).as(adjust.toString()).isEqualTo(409);
        assertThat(adjust.json().get("type").asString()).endsWith("/below-reserved");

        assertThat(stock(sku, "wh-0")).containsExactly(5L, 3L);
        assertThat(movements(sku)).hasSize(ledgerBefore);
        assertThat(shop.available(sku)).isEqualTo(2);

        // exactly what is reserved is allowed: nothing is left to sell, but every hold is still covered
        assertThat(api.put("/api/admin/stock/" + sku + "/wh-0", Map.of("quantity", 3), admin).status()).isEqualTo(200);
        assertThat(stock(sku, "wh-0")).containsExactly(3L, 3L);
    }

    @Test
    void unknownSkuOrWarehouseIs404AndCreatesNoStockRow() {
        String sku = shop.productWithStock("9.00");
        String warehouse = warehouse(0);
        String unknownSku = unique("NOPE");

        var noSku = api.put("/api/admin/stock/" + unknownSku + "/" + warehouse, Map.of("quantity", 1), admin);
        assertThat(noSku.status()).as(noSku.toString()).isEqualTo(404);
        var noWarehouse = api.put("/api/admin/stock/" + sku + "/" + unique("nowhere"), Map.of("quantity", 1), admin);
        assertThat(noWarehouse.status()).as(noWarehouse.toString()).isEqualTo(404);
        var adjustNoWarehouse = api.post("/api/admin/stock/" + sku + "/" + unique("nowhere") + "/adjustments",
                Map.of("delta", 1, "reason", "x"), admin);
        assertThat(adjustNoWarehouse.status()).isEqualTo(404);
        assertThat(api.get("/api/admin/stock/" + unknownSku, admin).status()).isEqualTo(404);

        assertThat(jdbc.sql("SELECT count(*) FROM stock WHERE sku IN (:a, :b)").param("a", sku).param("b", unknownSku)
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM stock_movements WHERE sku IN (:a, :b)").param("a", sku).param("b", unknownSku)
                .query(Long.class).single()).isZero();
    }

    @Test
    void adminListsStockPerWarehouseAndAvailabilitySumsThem() {
        String sku = shop.productWithStock("9.00", 4, 6);
        assertThat(shop.add(shop.guest(), sku, 5).status()).isEqualTo(200);

        var levels = api.get("/api/admin/stock/" + sku, admin);
        assertThat(levels.status()).isEqualTo(200);
        assertThat(levels.json()).hasSize(2);
        assertThat(levels.json().get(0).get("warehouse").asString()).isEqualTo("wh-0");
        assertThat(levels.json().get(0).get("quantity").asLong()).isEqualTo(4);
        assertThat(levels.json().get(0).get("reserved").asLong()).isEqualTo(4);
        assertThat(levels.json().get(0).get("available").asLong()).isZero();
        assertThat(levels.json().get(1).get("warehouse").asString()).isEqualTo("wh-1");
        assertThat(levels.json().get(1).get("quantity").asLong()).isEqualTo(6);
        assertThat(levels.json().get(1).get("reserved").asLong()).isEqualTo(1);
        assertThat(levels.json().get(1).get("available").asLong()).isEqualTo(5);

        var availability = api.get("/api/availability/" + sku, null);
        assertThat(availability.status()).isEqualTo(200);
        assertThat(availability.json().get("sku").asString()).isEqualTo(sku);
        assertThat(availability.json().get("available").asLong()).isEqualTo(5);

        var unknown = api.get("/api/availability/" + unique("NOPE"), null);
        assertThat(unknown.status()).as(unknown.toString()).isEqualTo(404);
        assertThat(unknown.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void productWithoutStockRowsIsUnavailableNotMissing() {
        String sku = shop.productWithStock("9.00");
        assertThat(api.get("/api/admin/stock/" + sku, admin).json()).isEmpty();
        assertThat(shop.available(sku)).isZero();
    }

    @Test
    void customersGet403AndAnonymousCallers401OnAdminStockRoutes() {
        String sku = shop.productWithStock("9.00", 3);
        String customer = customerToken();
        String guest = shop.guest();
        long warehouses = count("warehouses");

        for (String token : new String[] {customer, guest}) {
            assertThat(api.post("/api/admin/warehouses", Map.of("code", unique("wh"), "name", "X", "priority", 1), token).status()).isEqualTo(403);
            assertThat(api.put("/api/admin/stock/" + sku + "/wh-0", Map.of("quantity", 99), token).status()).isEqualTo(403);
            assertThat(api.post("/api/admin/stock/" + sku + "/wh-0/adjustments", Map.of("delta", 9, "reason", "x"), token).status()).isEqualTo(403);
            assertThat(api.get("/api/admin/stock/" + sku, token).status()).isEqualTo(403);
        }
        Api.Response anonymous = api.put("/api/admin/stock/" + sku + "/wh-0", Map.of("quantity", 99), null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(api.post("/api/admin/warehouses", Map.of("code", unique("wh"), "name", "X", "priority", 1), null).status()).isEqualTo(401);
        assertThat(api.post("/api/admin/stock/" + sku + "/wh-0/adjustments", Map.of("delta", 9, "reason", "x"), null).status()).isEqualTo(401);
        assertThat(api.get("/api/admin/stock/" + sku, null).status()).isEqualTo(401);

        assertThat(stock(sku, "wh-0")).containsExactly(3L, 0L);
        assertThat(movements(sku)).hasSize(1);
        assertThat(count("warehouses")).isEqualTo(warehouses);
    }

    @Test
    void allocationDrawsFromWarehousesInPriorityOrderAndSplitsALine() {
        String sku = shop.productWithStock("9.00");
        // created first and named to sort first, so only the priority can put it second
        String second = createWarehouse("a-" + unique("second"), 1);
        String first = createWarehouse("z-" + unique("first"), 0);
        api.put("/api/admin/stock/" + sku + "/" + second, Map.of("quantity", 5), admin);
        api.put("/api/admin/stock/" + sku + "/" + first, Map.of("quantity", 3), admin);
        String shopper = shop.guest();

        var added = shop.add(shopper, sku, 5);

        assertThat(added.status()).as(added.toString()).isEqualTo(200);
        assertThat(jdbc.sql("""
                SELECT w.code || ':' || h.quantity FROM holds h JOIN warehouses w ON w.id = h.warehouse_id
                WHERE h.sku = :sku AND h.state = 'active' ORDER BY w.priority""").param("sku", sku).query(String.class).list())
                .containsExactly(first + ":3", second + ":2");
        assertThat(stock(sku, first)).containsExactly(3L, 3L);
        assertThat(stock(sku, second)).containsExactly(5L, 2L);
        assertThat(shop.available(sku)).isEqualTo(3);

        // the next shopper can only be served from the second warehouse
        shop.add(shop.guest(), sku, 2);
        assertThat(stock(sku, first)).containsExactly(3L, 3L);
        assertThat(stock(sku, second)).containsExactly(5L, 4L);
        new Invariants(jdbc).holdFor(List.of(sku));
    }

    @Test
    void reconcilerRepairsReservedCountersThatDriftedFromTheHolds() {
        String sku = shop.productWithStock("9.00", 10, 10);
        shop.add(shop.guest(), sku, 2);
        double repairsBefore = new Prometheus(api).value("inventory_reserved_drift_repairs_total");
        jdbc.sql("UPDATE stock SET reserved = 7 WHERE sku = :sku AND warehouse_id = (SELECT id FROM warehouses WHERE code = 'wh-0')")
                .param("sku", sku).update();
        jdbc.sql("UPDATE stock SET reserved = 4 WHERE sku = :sku AND warehouse_id = (SELECT id FROM warehouses WHERE code = 'wh-1')")
                .param("sku", sku).update();
        assertThat(shop.available(sku)).isEqualTo(9);

        new InventoryJobs(context).reconcile();

        assertThat(stock(sku, "wh-0")).containsExactly(10L, 2L);
        assertThat(stock(sku, "wh-1")).containsExactly(10L, 0L);
        assertThat(shop.available(sku)).isEqualTo(18);
        assertThat(new Prometheus(api).value("inventory_reserved_drift_repairs_total")).isGreaterThanOrEqualTo(repairsBefore + 2);
        new Invariants(jdbc).holdFor(List.of(sku));
    }

    private String createWarehouse(String code, int priority) {
        var created = api.post("/api/admin/warehouses", Map.of("code", code, "name", code, "priority", priority), admin);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return code;
    }

    private String warehouse(int priority) {
        return createWarehouse(unique("wh"), priority);
    }

    /** [quantity, reserved] of one stock row. */
    private List<Long> stock(String sku, String warehouse) {
        return jdbc.sql("""
                SELECT s.quantity, s.reserved FROM stock s JOIN warehouses w ON w.id = s.warehouse_id
                WHERE s.sku = :sku AND w.code = :code""").param("sku", sku).param("code", warehouse)
                .query((rs, n) -> List.of(rs.getLong(1), rs.getLong(2))).single();
    }

    private List<Map<String, Object>> movements(String sku) {
        return jdbc.sql("SELECT kind, quantity_delta, reserved_delta, reason, reference FROM stock_movements WHERE sku = :sku ORDER BY id")
                .param("sku", sku).query().listOfRows();
    }
}
