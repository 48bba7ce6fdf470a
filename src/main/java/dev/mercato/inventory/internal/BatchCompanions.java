package dev.mercato.inventory.internal;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.mercato.inventory.HoldCompanion;
import dev.mercato.inventory.Inventory;
import dev.mercato.inventory.ReservationEngine.Reserved;
import dev.mercato.platform.database.BatchDatabase;

/**
 * The part of a hold batch that other modules asked for ({@link HoldCompanion}): once the grants
 * are decided, each companion named in the batch writes its rows for its granted requests (one
 * call per companion, whatever the number of requests), then the holds of every owner it did the
 * work for are listed, and renewed where due. All of it runs in the batch's transaction, on
 * its connection, while the batch holds the SKU's stock rows, and none of it waits for a lock: the
 * companions lock with {@code SKIP LOCKED}, and so does the renewal (the listing locks nothing). That is why it may lock cart
 * and hold rows after the stock rows, against the "holds before stock" order of the rest of
 * inventory: a statement that never waits cannot close a cycle of waits.
 */
@Component
class BatchCompanions {

    private final JdbcClient jdbc;
    private final HoldCompactor compactor;

    BatchCompanions(BatchDatabase database, HoldCompactor compactor) {
        this.jdbc = database.jdbc();
        this.compactor = compactor;
    }

    /** @return per request, what was committed with it; null for a request refused, without a companion, or not done */
    Reserved<?>[] write(String sku, List<BatchGrants.Request> requests, boolean[] granted, Instant now) {
        Reserved<?>[] answers = new Reserved<?>[requests.size()];
        Map<HoldCompanion<?, ?>, List<Integer>> byCompanion = new IdentityHashMap<>();
        for (int i = 0; i < requests.size(); i++) {
            if (granted[i] && requests.get(i).companion() != null) {
                byCompanion.computeIfAbsent(requests.get(i).companion(), c -> new ArrayList<>()).add(i);
            }
        }
        if (byCompanion.isEmpty()) {
            return answers;
        }
        Object[] done = new Object[requests.size()];
        Map<String, Instant> renewals = new LinkedHashMap<>();
        byCompanion.forEach((companion, indices) -> {
            List<?> written = write(companion, sku, requests, indices, now);
            for (int k = 0; k < indices.size(); k++) {
                Object answer = written.get(k);
                if (answer != null) {
                    int i = indices.get(k);
                    done[i] = answer;
                    renewals.merge(requests.get(i).owner(), requests.get(i).expiresAt(), (a, b) -> a.isAfter(b) ? a : b);
                }
            }
        });
        Map<String, Map<String, Inventory.Held>> held = renewAndList(renewals, now);
        for (int i = 0; i < requests.size(); i++) {
            if (done[i] != null) {
                answers[i] = new Reserved<>(done[i], held.getOrDefault(requests.get(i).owner(), Map.of()));
            }
        }
        return answers;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private List<?> write(HoldCompanion companion, String sku, List<BatchGrants.Request> requests, List<Integer> indices, Instant now) {
        List<HoldCompanion.Grant<Object>> grants = new ArrayList<>(indices.size());
        for (int i : indices) {
            BatchGrants.Request request = requests.get(i);
            grants.add(new HoldCompanion.Grant<>(request.owner(), sku, request.quantity(), request.payload()));
        }
        List<?> written = companion.write(jdbc, now, grants);
        if (written.size() != grants.size()) {
            throw new IllegalStateException(companion + " answered " + written.size() + " of " + grants.size() + " grants");
        }
        return written;
    }

    /**
     * Holds renewed within this much of the owner's new expiry are left as they are ({@link HoldRows#renew}
     * has the same rule, and so does the renewal statement below: {@code interval '1 minute'}).
     */
    private static final Duration RENEWED_WITHIN = Duration.ofMinutes(1);

    /**
     * The owners' active holds, listed per SKU, and renewed to the owner's expiry unless renewed
     * within the last minute (as {@link HoldRows#renew}). Listed first, because a shopper who keeps
     * adding has nothing due: the listing shows whether any hold of an owner is due, and only then
     * does the renewal run, for those owners, who are then listed again. Run every batch, the renewal
     * read every active hold of every owner of the batch to update none (the largest statement of the
     * flash-sale bench, 17 ms a batch against the listing's 15 ms, pg_stat_statements). A hold
     * another transaction has locked (the sweeper expiring it, a checkout committing it) is skipped,
     * not waited for, and listed as it was.
     */
    private Map<String, Map<String, Inventory.Held>> renewAndList(Map<String, Instant> expiries, Instant now) {
        Map<String, Map<String, Inventory.Held>> held = list(expiries.keySet());
        Map<String, Instant> due = new LinkedHashMap<>();
        expiries.forEach((owner, expiry) -> {
            Instant renewedSince = expiry.minus(RENEWED_WITHIN);
            if (held.getOrDefault(owner, Map.of()).values().stream().anyMatch(hold -> hold.expiresAt().isBefore(renewedSince))) {
                due.put(owner, expiry);
            }
        });
        if (!due.isEmpty()) {
            renew(due, now);
            due.keySet().forEach(held::remove);
            held.putAll(list(due.keySet()));
        }
        return held;
    }

    private void renew(Map<String, Instant> expiries, Instant now) {
        String[] owners = expiries.keySet().toArray(String[]::new);
        Long[] micros = expiries.values().stream().map(BatchCompanions::epochMicros).toArray(Long[]::new);
        jdbc.sql("""
                WITH wanted AS (SELECT w.owner, timestamptz 'epoch' + w.expires_micros * interval '1 microsecond' AS expires_at
                                FROM unnest(:owners::text[], :expiries::bigint[]) AS w(owner, expires_micros))
                UPDATE holds h SET expires_at = w.expires_at, updated_at = :now
                FROM wanted w
                WHERE h.owner = w.owner
                  AND h.id IN (SELECT x.id FROM holds x JOIN wanted y ON y.owner = x.owner
                               WHERE x.state = 'active' AND x.expires_at < y.expires_at - interval '1 minute'
                               ORDER BY x.id FOR UPDATE OF x SKIP LOCKED)""")
                .param("owners", owners).param("expiries", micros).param("now", Timestamp.from(now))
                .update();
    }

    /**
     * A statement of its own, apart from the renewal: listing in the same statement as the update
     * meant joining every listed hold to the renewed ones, a nested loop over both (39 ms a batch in
     * the flash-sale bench, once buyers held a few thousand rows between them). Owners are joined
     * from unnest, not "= ANY (?)", whose generic plan compared every hold of the SKU with every owner.
     * An owner with many rows for one SKU is offered to the {@link HoldCompactor}, which keeps this short.
     */
    private Map<String, Map<String, Inventory.Held>> list(java.util.Collection<String> owners) {
        Map<String, Map<String, Inventory.Held>> held = new HashMap<>();
        jdbc.sql("""
                SELECT h.owner, h.sku, sum(h.quantity)::int AS quantity, min(h.expires_at) AS expires_at, count(*) AS rows
                FROM unnest(:owners::text[]) AS w(owner) JOIN holds h ON h.owner = w.owner
                WHERE h.state = 'active'
                GROUP BY h.owner, h.sku""")
                .param("owners", owners.toArray(String[]::new))
                .query(rs -> {
                    held.computeIfAbsent(rs.getString(1), owner -> new TreeMap<>())
                            .put(rs.getString(2), new Inventory.Held(rs.getInt(3), rs.getTimestamp(4).toInstant()));
                    if (rs.getLong(5) >= HoldCompactor.ROWS_TO_COMPACT) {
                        compactor.offer(rs.getString(1));
                    }
                });
        return held;
    }

    private static long epochMicros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }
}
