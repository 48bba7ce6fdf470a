package dev.mercato.promotions.internal;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonFormat;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.mercato.cart.Carts;
import dev.mercato.catalog.Catalog;
import dev.mercato.catalog.SkuInfo;
import dev.mercato.platform.security.Caller;
import dev.mercato.platform.web.ProblemException;
import dev.mercato.platform.commerce.Owner;
import dev.mercato.platform.database.SlowQueries;

/**
 * Flash sales. A claim takes units from the sale's quantity and adds them to the shopper's claim in
 * one transaction; the database refuses a claim past the sale's quantity or the shopper's limit
 * (CHECK constraints), so no interleaving of claims can exceed either. The units then go into the
 * cart through the reservation engine; if the stock is not there, the claim is given back. What
 * claimed units cost at checkout is {@link FlashClaimPrices}' part.
 */
@Service
public class FlashSales {

    // the hot statement of a flash sale: every claim queues on the sale's row here
    private static final String TAKE = """
            UPDATE flash_sales SET claimed = claimed + :quantity
            WHERE id = :id AND starts_at <= :now AND :now < ends_at AND claimed + :quantity <= quantity""";

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Catalog catalog;
    private final Carts carts;
    private final Clock clock;
    private final SlowQueries.SlowQuery claimQuery;

    FlashSales(JdbcClient jdbc, TransactionTemplate transactions, Catalog catalog, Carts carts, Clock clock, SlowQueries slowQueries) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.catalog = catalog;
        this.carts = carts;
        this.clock = clock;
        this.claimQuery = slowQueries.named("promotions.claim");
    }

    public record FlashSale(UUID id, String sku, @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal price, String currency, Instant startsAt, Instant endsAt,
            int quantity, int perCustomerLimit, int claimed) {
    }

    public record Claim(UUID flashSaleId, String sku, int units, @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal price,
            String currency) {
    }

    public FlashSale create(String sku, BigDecimal price, Instant startsAt, Instant endsAt, int quantity, int perCustomerLimit) {
        SkuInfo info = catalog.sku(sku).orElseThrow(() -> ProblemException.notFound("SKU", sku));
        if (!endsAt.isAfter(startsAt)) {
            throw ProblemException.badRequest("validation", "endsAt must be after startsAt")
                    .with("errors", java.util.List.of(new dev.mercato.platform.web.FieldError("endsAt", "must be after startsAt")));
        }
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO flash_sales (id, sku, price, currency, starts_at, ends_at, quantity, per_customer_limit, created_at)
                VALUES (:id, :sku, :price, :currency, :startsAt, :endsAt, :quantity, :limit, :now)""")
                .param("id", id).param("sku", sku).param("price", price).param("currency", info.currency())
                .param("startsAt", Timestamp.from(startsAt)).param("endsAt", Timestamp.from(endsAt)).param("quantity", quantity)
                .param("limit", perCustomerLimit).param("now", Timestamp.from(clock.instant())).update();
        return find(id).orElseThrow();
    }

    public Optional<FlashSale> find(UUID id) {
        return jdbc.sql("""
                SELECT id, sku, price, currency, starts_at, ends_at, quantity, per_customer_limit, claimed
                FROM flash_sales WHERE id = :id""").param("id", id).query(FlashSale.class).optional();
    }

    /**
     * The latest sales first (by start), for the console's monitor: each read is the sale's row as
     * committed, so the remaining units are the same on every node and a client polling it can
     * derive the claim rate from the change in {@code claimed} between two reads.
     */
    public java.util.List<FlashSale> latest(int limit) {
        return jdbc.sql("""
                SELECT id, sku, price, currency, starts_at, ends_at, quantity, per_customer_limit, claimed
                FROM flash_sales ORDER BY starts_at DESC, id LIMIT :limit""").param("limit", limit).query(FlashSale.class).list();
    }

    /** Claims units at the special price and puts them in the caller's cart; customers only. */
    public Claim claim(Caller caller, UUID saleId, int quantity) {
        if (caller.isGuest()) {
            throw new ProblemException(HttpStatus.FORBIDDEN, "login-required", "Login required",
                    "Flash sales are limited per customer: log in or register to claim");
        }
        Owner owner = Owner.of(caller);
        FlashSale sale = take(owner, saleId, quantity);
        try {
            carts.addItem(caller, sale.sku(), quantity);
        } catch (RuntimeException e) {
            transactions.executeWithoutResult(tx -> giveBackClaim(owner, saleId, quantity));
            throw e;
        }
        return new Claim(saleId, sale.sku(), quantity, sale.price(), sale.currency());
    }

    private FlashSale take(Owner owner, UUID saleId, int quantity) {
        try {
            return transactions.execute(tx -> {
                Instant now = clock.instant();
                int taken = claimQuery.time(TAKE, () -> jdbc.sql(TAKE)
                        .param("quantity", quantity).param("id", saleId).param("now", Timestamp.from(now)).update());
                FlashSale sale = find(saleId).orElseThrow(() -> ProblemException.notFound("flash sale", saleId));
                if (taken == 0) {
                    throw refusal(sale, now);
                }
                jdbc.sql("""
                        INSERT INTO flash_sale_claims (flash_sale_id, owner, units, per_customer_limit)
                        VALUES (:id, :owner, :quantity, :limit)
                        ON CONFLICT (flash_sale_id, owner) DO UPDATE SET units = flash_sale_claims.units + excluded.units""")
                        .param("id", saleId).param("owner", owner.key()).param("quantity", quantity).param("limit", sale.perCustomerLimit())
                        .update();
                return sale;
            });
        } catch (DataIntegrityViolationException e) {
            FlashSale sale = find(saleId).orElseThrow();
            throw ProblemException.conflict("flash-sale-limit", "At most " + sale.perCustomerLimit()
                    + " units of this flash sale per customer").with("perCustomerLimit", sale.perCustomerLimit());
        }
    }

    private static ProblemException refusal(FlashSale sale, Instant now) {
        if (now.isBefore(sale.startsAt()) || !now.isBefore(sale.endsAt())) {
            return ProblemException.conflict("flash-sale-not-active", "This flash sale runs from " + sale.startsAt()
                    + " to " + sale.endsAt()).with("startsAt", sale.startsAt().toString()).with("endsAt", sale.endsAt().toString());
        }
        return ProblemException.conflict("flash-sale-sold-out", "Only " + (sale.quantity() - sale.claimed())
                + " units of this flash sale are left").with("remaining", sale.quantity() - sale.claimed());
    }

    private void giveBackClaim(Owner owner, UUID saleId, int quantity) {
        jdbc.sql("UPDATE flash_sales SET claimed = claimed - :quantity WHERE id = :id").param("quantity", quantity).param("id", saleId).update();
        jdbc.sql("UPDATE flash_sale_claims SET units = units - :quantity WHERE flash_sale_id = :id AND owner = :owner")
                .param("quantity", quantity).param("id", saleId).param("owner", owner.key()).update();
    }
}
