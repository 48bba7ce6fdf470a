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

import dev.mercato.inventory.HoldCompanion;
import dev.mercato.platform.database.BatchDatabase;
import dev.mercato.platform.database.TimeOrderedIds;

/**
 * The SQL of one group commit: lock the SKU's stock rows once, grant requests in arrival order while
 * stock allows (a request that does not fit is refused, smaller ones behind it may still fit), add
 * each warehouse's granted total to {@code reserved} in one statement and insert every hold in one
 * statement. Must run inside a transaction of the {@link BatchDatabase}, whose connections it
 * uses; nothing is granted until it commits.
 *
 * <p>When the last batch left plenty in the SKU's first warehouse, the engine writes the holds
 * first ({@link #writeAhead}) and locks after: the lock is then held only for one update and the
 * commit. The grant decision is still made under the lock, and written-ahead holds that would not
 * fit are deleted before the commit.
 */
@Component
class BatchGrants {

    private final JdbcClient jdbc;

    BatchGrants(BatchDatabase database) {
        this.jdbc = database.jdbc();
    }

    /**
     * @param companion writes its rows in the batch's transaction once the request is granted; null for a hold alone
     * @param payload   what the request carries for its companion
     */
    record Request(String owner, int quantity, Instant expiresAt, HoldCompanion<?, ?> companion, Object payload) {

        Request(String owner, int quantity, Instant expiresAt) {
            this(owner, quantity, expiresAt, null, null);
        }
    }

    /** What the last batch left in the SKU's first warehouse: lets the next batch write its holds before it locks. */
    record Hint(long warehouseId, long free) {
    }

    /** Holds written ahead of the lock, all in one warehouse: to be kept if it still has room for them all. */
    record WrittenAhead(long warehouseId, long units, UUID[] ids) {
    }

    /**
     * @param granted   per request, in order
     * @param remaining what is left for sale after the batch
     * @param hint      the first warehouse and what it has left, for the next batch
     */
    record Outcome(boolean[] granted, long remaining, Hint hint) {

        boolean grantedAny() {
            for (boolean g : granted) {
                if (g) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * First step of the optimistic path, before the stock row is locked: writes every request's hold
     * in the warehouse the hint names. Writing the holds is most of a batch's work; done before the
     * lock, it overlaps with the previous batch's commit instead of waiting behind it. Nothing is
     * granted yet: {@link #grant} keeps these rows only if that warehouse still has room for all of
     * them once locked, and deletes them otherwise.
     */
    WrittenAhead writeAhead(String sku, List<Request> requests, Hint hint, Instant now) {
        int size = requests.size();
        UUID[] ids = new UUID[size];
        Long[] warehouses = new Long[size];
        Integer[] quantities = new Integer[size];
        String[] owners = new String[size];
        Long[] expiries = new Long[size];
        long units = 0;
        for (int i = 0; i < size; i++) {
            Request request = requests.get(i);
            ids[i] = TimeOrderedIds.next();
            warehouses[i] = hint.warehouseId();
            quantities[i] = request.quantity();
            owners[i] = request.owner();
            expiries[i] = epochMicros(request.expiresAt());
            units += request.quantity();
        }
        insertHolds(sku, ids, warehouses, quantities, owners, expiries, now);
        return new WrittenAhead(hint.warehouseId(), units, ids);
    }

    Outcome grant(String sku, List<Request> requests, Instant now) {
        return grant(sku, requests, now, null);
    }

    /** Locks the SKU's stock rows and grants; {@code ahead}, when given, holds what {@link #writeAhead} wrote. */
    Outcome grant(String sku, List<Request> requests, Instant now, WrittenAhead ahead) {
        List<StockRows.StockRow> rows = StockRows.lockForAllocation(jdbc, sku);
        long[] free = rows.stream().mapToLong(StockRows.StockRow::available).toArray();
        long remaining = java.util.Arrays.stream(free).sum();
        if (ahead != null) {
            if (!rows.isEmpty() && rows.getFirst().warehouseId() == ahead.warehouseId() && free[0] >= ahead.units()) {
                reserve(sku, new Long[] {ahead.warehouseId()}, new Long[] {ahead.units()});
                boolean[] all = new boolean[requests.size()];
                java.util.Arrays.fill(all, true);
                return new Outcome(all, remaining - ahead.units(), new Hint(ahead.warehouseId(), free[0] - ahead.units()));
            }
            // the warehouse ran short (or changed) since the hint: undo and allocate one by one, under the lock
            jdbc.sql("DELETE FROM holds WHERE id = ANY (:ids::uuid[])").param("ids", ahead.ids()).update();
        }
        boolean[] granted = new boolean[requests.size()];
        Map<Long, Long> perWarehouse = new TreeMap<>();
        List<UUID> ids = new ArrayList<>();
        List<Long> warehouses = new ArrayList<>();
        List<Integer> quantities = new ArrayList<>();
        List<String> owners = new ArrayList<>();
        List<Long> expiries = new ArrayList<>();
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
                expiries.add(epochMicros(request.expiresAt()));
            }
        }
        if (!ids.isEmpty()) {
            reserve(sku, perWarehouse.keySet().toArray(Long[]::new), perWarehouse.values().toArray(Long[]::new));
            insertHolds(sku, ids.toArray(UUID[]::new), warehouses.toArray(Long[]::new), quantities.toArray(Integer[]::new),
                    owners.toArray(String[]::new), expiries.toArray(Long[]::new), now);
        }
        Hint hint = rows.isEmpty() ? null : new Hint(rows.getFirst().warehouseId(), free[0]);
        return new Outcome(granted, remaining, hint);
    }

    private static long epochMicros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    private void reserve(String sku, Long[] warehouses, Long[] units) {
        jdbc.sql("""
                UPDATE stock s SET reserved = s.reserved + g.units, updated_at = now()
                FROM unnest(:warehouses::bigint[], :units::bigint[]) AS g(warehouse_id, units)
                WHERE s.sku = :sku AND s.warehouse_id = g.warehouse_id""")
                .param("warehouses", warehouses).param("units", units).param("sku", sku).update();
    }

    /**
     * Expiry times travel as epoch microseconds: the driver writes a bigint array in binary, where a
     * timestamptz array is formatted one calendar date at a time (a fifth of a batch's allocations).
     */
    private void insertHolds(String sku, UUID[] ids, Long[] warehouses, Integer[] quantities, String[] owners, Long[] expiries,
            Instant now) {
        jdbc.sql("""
                INSERT INTO holds (id, sku, warehouse_id, quantity, owner, state, expires_at, created_at, updated_at)
                SELECT h.id, :sku, h.warehouse_id, h.quantity, h.owner, 'active',
                       timestamptz 'epoch' + h.expires_micros * interval '1 microsecond', :now, :now
                FROM unnest(:ids::uuid[], :warehouses::bigint[], :quantities::int[], :owners::text[], :expiries::bigint[])
                     AS h(id, warehouse_id, quantity, owner, expires_micros)""")
                .param("sku", sku).param("now", Timestamp.from(now))
                .param("ids", ids).param("warehouses", warehouses).param("quantities", quantities).param("owners", owners)
                .param("expiries", expiries)
                .update();
    }
}
