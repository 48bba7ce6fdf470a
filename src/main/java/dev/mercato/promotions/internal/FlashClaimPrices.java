package dev.mercato.promotions.internal;

import java.sql.Timestamp;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.mercato.platform.commerce.Money;
import dev.mercato.platform.commerce.OrderId;
import dev.mercato.platform.commerce.Owner;
import dev.mercato.platform.database.SlowQueries;
import dev.mercato.pricing.ClaimedPrices;

/**
 * Flash-sale claims as special prices for pricing. Per SKU the claim on the earliest-starting sale
 * with units left is used (one sale per line); {@link #open} and {@link #redeem} choose by the same
 * query, so the cart shows what the order is charged. Claims stay usable after the sale's window
 * closes: the shopper claimed them while it was open.
 */
@Component
final class FlashClaimPrices implements ClaimedPrices {

    private static final String OPEN_CLAIMS = """
            SELECT c.flash_sale_id, s.sku, c.units - c.units_ordered AS unused, s.price, s.currency
            FROM flash_sale_claims c JOIN flash_sales s ON s.id = c.flash_sale_id
            WHERE c.owner = :owner AND s.sku = ANY(:skus) AND c.units > c.units_ordered
            ORDER BY s.sku, s.starts_at, c.flash_sale_id""";

    private final JdbcClient jdbc;
    private final SlowQueries.SlowQuery timed;

    FlashClaimPrices(JdbcClient jdbc, SlowQueries slowQueries) {
        this.jdbc = jdbc;
        this.timed = slowQueries.named("promotions.claimed-prices");
    }

    private record OpenClaim(UUID flashSaleId, String sku, int unused, java.math.BigDecimal price, String currency) {
    }

    @Override
    public Map<String, Claimed> open(Owner owner, Collection<String> skus) {
        if (!canClaim(owner)) {
            return Map.of();
        }
        Map<String, Claimed> open = new LinkedHashMap<>();
        firstPerSku(claims(OPEN_CLAIMS, owner, skus)).forEach((sku, claim) ->
                open.put(sku, new Claimed(claim.unused(), new Money(claim.price(), claim.currency()))));
        return open;
    }

    @Override
    public Map<String, Claimed> redeem(Owner owner, Map<String, Integer> quantities, OrderId order) {
        if (!canClaim(owner)) {
            return Map.of();
        }
        Map<String, Claimed> used = new LinkedHashMap<>();
        firstPerSku(claims(OPEN_CLAIMS + " FOR UPDATE OF c", owner, quantities.keySet())).forEach((sku, claim) -> {
            int units = Math.min(quantities.get(sku), claim.unused());
            jdbc.sql("UPDATE flash_sale_claims SET units_ordered = units_ordered + :units WHERE flash_sale_id = :id AND owner = :owner")
                    .param("units", units).param("id", claim.flashSaleId()).param("owner", owner.key()).update();
            jdbc.sql("INSERT INTO flash_sale_redemptions (order_id, flash_sale_id, owner, units) VALUES (:order, :id, :owner, :units)")
                    .param("order", order.value()).param("id", claim.flashSaleId()).param("owner", owner.key()).param("units", units)
                    .update();
            used.put(sku, new Claimed(units, new Money(claim.price(), claim.currency())));
        });
        return used;
    }

    @Override
    public void giveBack(OrderId order) {
        jdbc.sql("""
                UPDATE flash_sale_claims c SET units_ordered = c.units_ordered - r.units
                FROM flash_sale_redemptions r
                WHERE r.order_id = :order AND c.flash_sale_id = r.flash_sale_id AND c.owner = r.owner""")
                .param("order", order.value()).update();
        jdbc.sql("DELETE FROM flash_sale_redemptions WHERE order_id = :order").param("order", order.value()).update();
    }

    /** Only customers claim ({@link FlashSales#claim} refuses guests): a guest's cart costs no query here. */
    private static boolean canClaim(Owner owner) {
        return owner.kind() == Owner.Kind.CUSTOMER;
    }

    private List<OpenClaim> claims(String sql, Owner owner, Collection<String> skus) {
        return timed.time(sql, () -> jdbc.sql(sql).param("owner", owner.key()).param("skus", skus.toArray(String[]::new))
                .query(OpenClaim.class).list());
    }

    /** The rows come ordered by SKU, then start: the first of each SKU is the one to use. */
    private static Map<String, OpenClaim> firstPerSku(List<OpenClaim> claims) {
        Map<String, OpenClaim> first = new LinkedHashMap<>();
        claims.forEach(claim -> first.putIfAbsent(claim.sku(), claim));
        return first;
    }
}
