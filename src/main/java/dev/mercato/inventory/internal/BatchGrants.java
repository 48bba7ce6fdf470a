package dev.mercato.inventory.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.mercato.platform.database.BatchDatabase;
import dev.mercato.platform.database.TimeOrderedIds;

/**
 * The SQL of one group commit: lock the SKU's stock rows once, grant requests in arrival order while
 * stock allows (a request that does not fit is refused, smaller ones behind it may still fit), add
 * each warehouse's granted total to {@code reserved} in one statement and insert every hold in one
 * statement. Must run inside a transaction of the {@link BatchDatabase}, whose connections it
 * uses; nothing is granted until it commits.
 */
@Component
class BatchGrants {

    private final JdbcClient jdbc;

    BatchGrants(BatchDatabase database) {
        this.jdbc = database.jdbc();
    }

    record Request(String owner, int quantity, Instant expiresAt) {
    }

    /** @param granted per request, in order; {@code remaining} is what is left for sale after the batch */
    record Outcome(boolean[] granted, long remaining) {

        boolean grantedAny() {
            for (boolean g : granted) {
                if (g) {
                    return true;
                }
            }
            return false;
        }
    }

    Outcome grant(String sku, List<Request> requests, Instant now) {
        List<StockRows.StockRow> rows = StockRows.lockForAllocation(jdbc, sku);
        long[] free = rows.stream().mapToLong(StockRows.StockRow::available).toArray();
        long remaining = java.util.Arrays.stream(free).sum();
        boolean[] granted = new boolean[requests.size()];
        Map<Long, Long> perWarehouse = new TreeMap<>();
        List<UUID> ids = new ArrayList<>();
        List<Long> warehouses = new ArrayList<>();
        List<Integer> quantities = new ArrayList<>();
        List<String> owners = new ArrayList<>();
        List<Timestamp> expiries = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            Request request = requests.get(i);
            if (request.quantity() > remaining) {
                continue;
            }
            granted[i] = true;
            remaining -= request.quantity();
            int left = request.quantity();
            for (int w = 0; w < rows.size() && left > 0; w++) {
                int part = (int) Math.min(left, free[w]);
                if (part == 0) {
                    continue;
                }
                free[w] -= part;
                left -= part;
                long warehouseId = rows.get(w).warehouseId();
                perWarehouse.merge(warehouseId, (long) part, Long::sum);
                ids.add(TimeOrderedIds.next());
                warehouses.add(warehouseId);
                quantities.add(part);
                owners.add(request.owner());
                expiries.add(Timestamp.from(request.expiresAt()));
            }
        }
        if (!ids.isEmpty()) {
            jdbc.sql("""
                    UPDATE stock s SET reserved = s.reserved + g.units, updated_at = now()
                    FROM unnest(:warehouses::bigint[], :units::bigint[]) AS g(warehouse_id, units)
                    WHERE s.sku = :sku AND s.warehouse_id = g.warehouse_id""")
                    .param("warehouses", perWarehouse.keySet().toArray(Long[]::new))
                    .param("units", perWarehouse.values().toArray(Long[]::new))
                    .param("sku", sku).update();
            jdbc.sql("""
                    INSERT INTO holds (id, sku, warehouse_id, quantity, owner, state, expires_at, created_at, updated_at)
                    SELECT h.id, :sku, h.warehouse_id, h.quantity, h.owner, 'active', h.expires_at, :now, :now
                    FROM unnest(:ids::uuid[], :warehouses::bigint[], :quantities::int[], :owners::text[], :expiries::timestamptz[])
                         AS h(id, warehouse_id, quantity, owner, expires_at)""")
                    .param("sku", sku).param("now", Timestamp.from(now))
                    .param("ids", ids.toArray(UUID[]::new)).param("warehouses", warehouses.toArray(Long[]::new))
                    .param("quantities", quantities.toArray(Integer[]::new)).param("owners", owners.toArray(String[]::new))
                    .param("expiries", expiries.toArray(Timestamp[]::new))
                    .update();
        }
        return new Outcome(granted, remaining);
    }
}
