package dev.mercato.cart.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.mercato.inventory.HoldCompanion;

/**
 * Adds cart lines in the hold batch's own transaction ({@link HoldCompanion}): a cart add's hold and
 * its line then commit together, one WAL flush for the whole batch, instead of a second transaction
 * (and a second flush) per add after the grant.
 *
 * <p>Two statements per batch. The first locks the batch's carts with {@code SKIP LOCKED}: the batch
 * holds the SKU's stock rows and must not queue behind a cart change, and a cart another change has
 * locked is left to its add's own transaction, as is a second add of one cart in one batch. The
 * second statement, with a snapshot taken once those locks are held, repeats the checks the add made
 * without a lock ({@link CartRows#beforeAdd}): the line stays within the limit, and the cart's first
 * line of another SKU is still the one whose currency was checked. It adds to the line, touches the
 * cart and answers the cart's lines. A request that fails a check is answered "not done" and its
 * caller runs the add's own transaction, which refuses it exactly as before and gives the hold back.
 */
@Component
class CartLinesWithHolds implements HoldCompanion<CartLinesWithHolds.Line, Map<String, Integer>> {

    /**
     * @param cartId        the cart the hold is for
     * @param firstOtherSku the cart's first line of another SKU when the add checked it (null: none)
     */
    record Line(UUID cartId, String firstOtherSku) {
    }

    @Override
    public List<Map<String, Integer>> write(JdbcClient batch, Instant now, List<Grant<Line>> grants) {
        Map<UUID, Integer> firstOfCart = new LinkedHashMap<>();
        for (int i = 0; i < grants.size(); i++) {
            firstOfCart.putIfAbsent(grants.get(i).payload().cartId(), i);
        }
        Set<UUID> locked = new HashSet<>(batch.sql("SELECT id FROM carts WHERE id = ANY (:ids) ORDER BY id FOR UPDATE SKIP LOCKED")
                .param("ids", firstOfCart.keySet().toArray(UUID[]::new)).query(UUID.class).list());
        List<Grant<Line>> toAdd = new ArrayList<>();
        firstOfCart.forEach((cartId, i) -> {
            if (locked.contains(cartId)) {
                toAdd.add(grants.get(i));
            }
        });
        Map<UUID, Map<String, Integer>> lines = toAdd.isEmpty() ? Map.of() : addUnits(batch, toAdd, now);
        List<Map<String, Integer>> answers = new ArrayList<>(java.util.Collections.nCopies(grants.size(), null));
        firstOfCart.forEach((cartId, i) -> answers.set(i, lines.get(cartId)));
        return answers;
    }

    /** @return per cart whose line was added to, its lines in the order they were added */
    private static Map<UUID, Map<String, Integer>> addUnits(JdbcClient batch, List<Grant<Line>> grants, Instant now) {
        int size = grants.size();
        UUID[] carts = new UUID[size];
        String[] skus = new String[size];
        Integer[] quantities = new Integer[size];
        String[] others = new String[size];
        for (int i = 0; i < size; i++) {
            Grant<Line> grant = grants.get(i);
            carts[i] = grant.payload().cartId();
            skus[i] = grant.sku();
            quantities[i] = grant.quantity();
            others[i] = grant.payload().firstOtherSku();
        }
        Map<UUID, Map<String, Integer>> lines = new HashMap<>();
        batch.sql("""
                WITH wanted AS (
                         SELECT w.cart_id, w.sku, w.quantity
                         FROM unnest(:carts::uuid[], :skus::text[], :quantities::int[], :others::text[]) AS w(cart_id, sku, quantity, other)
                         WHERE w.quantity <= :max
                           AND (SELECT i.sku FROM cart_items i WHERE i.cart_id = w.cart_id AND i.sku <> w.sku
                                ORDER BY i.added_at, i.sku LIMIT 1) IS NOT DISTINCT FROM w.other),
                     added AS (
                         INSERT INTO cart_items (cart_id, sku, quantity, added_at) SELECT cart_id, sku, quantity, :now FROM wanted
                         ON CONFLICT (cart_id, sku) DO UPDATE SET quantity = cart_items.quantity + excluded.quantity
                         WHERE cart_items.quantity + excluded.quantity <= :max
                         RETURNING cart_id, sku, quantity, added_at),
                     touched AS (UPDATE carts SET updated_at = :now WHERE id IN (SELECT cart_id FROM added))
                SELECT cart_id, sku, quantity, added_at FROM added
                UNION ALL
                SELECT i.cart_id, i.sku, i.quantity, i.added_at FROM cart_items i JOIN added a ON a.cart_id = i.cart_id AND i.sku <> a.sku
                ORDER BY cart_id, added_at, sku""")
                .param("carts", carts).param("skus", skus).param("quantities", quantities).param("others", others)
                .param("max", CartService.MAX_LINE_QUANTITY).param("now", Timestamp.from(now))
                .query(rs -> {
                    lines.computeIfAbsent(rs.getObject(1, UUID.class), cart -> new LinkedHashMap<>()).put(rs.getString(2), rs.getInt(3));
                });
        return lines;
    }
}
