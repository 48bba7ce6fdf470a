package dev.mercato.cart;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.mercato.support.Api;
import dev.mercato.support.ApiTest;
import dev.mercato.support.Concurrently;
import dev.mercato.support.Invariants;
import dev.mercato.support.Shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A cart add's hold and its line commit in the hold batch's one transaction (issue 13), and when
 * the batch cannot write the line it is written after, as before; either way every hold is matched
 * by its line, checked in the database.
 */
class CartAddWithHoldTests extends ApiTest {

    @Autowired
    DataSource dataSource;

    private Shop shop;

    @BeforeEach
    void setUp() {
        shop = new Shop(api, adminToken());
    }

    @Test
    void theHoldAndTheLineOfAnAddCommitInOneTransaction() {
        String sku = shop.productWithStock("2.00", 50);
        String guest = shop.guest();
        Api.Response first = shop.add(guest, sku, 1);
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        String cartId = first.json().get("id").asString();
        assertThat(lineTransaction(cartId, sku)).isEqualTo(latestHoldTransaction(cartId));

        Api.Response second = shop.add(guest, sku, 2);

        assertThat(second.status()).as(second.toString()).isEqualTo(200);
        assertThat(second.json().get("items").get(0).get("quantity").asInt()).isEqualTo(3);
        assertThat(second.json().get("items").get(0).get("heldQuantity").asInt()).isEqualTo(3);
        assertThat(lineTransaction(cartId, sku)).as("the line's last change and the newest hold: one transaction")
                .isEqualTo(latestHoldTransaction(cartId));
    }

    /**
     * The batch never waits for a cart lock (it holds the SKU's stock rows while it writes lines):
     * an add whose cart another transaction has locked gets its hold from the batch and its line from
     * its own transaction once the lock is free.
     */
    @Test
    void anAddWhoseCartIsLockedGetsItsHoldFromTheBatchAndItsLineAfter() throws Exception {
        String sku = shop.productWithStock("2.00", 50);
        String guest = shop.guest();
        String cartId = shop.add(guest, sku, 1).json().get("id").asString();
        CompletableFuture<Api.Response> add;
        try (Connection locker = dataSource.getConnection()) {
            locker.setAutoCommit(false);
            try (PreparedStatement lock = locker.prepareStatement("SELECT id FROM carts WHERE id = ?::uuid FOR UPDATE")) {
                lock.setString(1, cartId);
                lock.executeQuery().close();
            }
            add = CompletableFuture.supplyAsync(() -> shop.add(guest, sku, 2));
            await().atMost(Duration.ofSeconds(20)).until(() -> activeHeld(cartId, sku) == 3);
            assertThat(lineQuantity(cartId, sku)).as("no line written while the cart is locked").isEqualTo(1);
            locker.commit();
        }

        Api.Response response = add.get(20, TimeUnit.SECONDS);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().get("items").get(0).get("heldQuantity").asInt()).isEqualTo(3);
        assertThat(lineQuantity(cartId, sku)).isEqualTo(3);
        assertThat(lineTransaction(cartId, sku)).as("the line came after the hold, in a transaction of its own")
                .isNotEqualTo(latestHoldTransaction(cartId));
    }

    /**
     * Buyers add at once, several adds per cart at a time (a batch takes one add per cart, the others
     * write their lines after), for more units than there are: every granted unit is on its cart's
     * line, every refused one on none, and stock and holds agree.
     */
    @Test
    void concurrentAddsLeaveEveryHoldMatchedByItsLine() throws Exception {
        String sku = shop.productWithStock("2.00", 120);
        List<String> guests = java.util.stream.IntStream.range(0, 30).mapToObj(i -> shop.guest()).toList();

        List<Integer> statuses = Concurrently.run(guests.size() * 4, i -> () -> shop.add(guests.get(i % guests.size()), sku, 1 + i % 3).status());

        assertThat(statuses).containsOnly(200, 409).contains(200, 409);
        List<String> unmatched = jdbc.sql("""
                SELECT c.owner || ' line=' || coalesce(i.quantity, 0) || ' held=' || coalesce(h.held, 0)
                FROM carts c LEFT JOIN cart_items i ON i.cart_id = c.id AND i.sku = :sku
                LEFT JOIN (SELECT owner, sum(quantity) AS held FROM holds WHERE sku = :sku AND state = 'active' GROUP BY owner) h
                       ON h.owner = 'cart:' || c.id
                WHERE coalesce(i.quantity, 0) <> coalesce(h.held, 0)""").param("sku", sku).query(String.class).list();
        assertThat(unmatched).as("carts whose line and holds differ").isEmpty();
        assertThat(jdbc.sql("SELECT coalesce(sum(quantity), 0) FROM cart_items WHERE sku = :sku").param("sku", sku).query(Long.class).single())
                .as("units in carts").isEqualTo(jdbc.sql("SELECT reserved FROM stock WHERE sku = :sku").param("sku", sku).query(Long.class).single())
                .isPositive().isLessThanOrEqualTo(120L);
        new Invariants(jdbc).holdFor(List.of(sku));
    }

    @Test
    void concurrentAddsToALineNearTheLimitGrantOnlyWhatFits() throws Exception {
        String sku = shop.productWithStock("2.00", 5000);
        String guest = shop.guest();
        String cartId = shop.add(guest, sku, 998).json().get("id").asString();

        List<Integer> statuses = Concurrently.run(6, i -> () -> shop.add(guest, sku, 1).status());

        assertThat(statuses).containsOnly(200, 400).filteredOn(status -> status == 200).hasSize(2);
        assertThat(lineQuantity(cartId, sku)).isEqualTo(1000);
        assertThat(activeHeld(cartId, sku)).as("refused adds gave their holds back").isEqualTo(1000);
        new Invariants(jdbc).holdFor(List.of(sku));
    }

    private long lineTransaction(String cartId, String sku) {
        return jdbc.sql("SELECT xmin::text::bigint FROM cart_items WHERE cart_id = :cart::uuid AND sku = :sku").param("cart", cartId)
                .param("sku", sku).query(Long.class).single();
    }

    private long latestHoldTransaction(String cartId) {
        return jdbc.sql("SELECT xmin::text::bigint FROM holds WHERE owner = :owner ORDER BY created_at DESC, id DESC LIMIT 1")
                .param("owner", "cart:" + UUID.fromString(cartId)).query(Long.class).single();
    }

    private int lineQuantity(String cartId, String sku) {
        return jdbc.sql("SELECT quantity FROM cart_items WHERE cart_id = :cart::uuid AND sku = :sku").param("cart", cartId).param("sku", sku)
                .query(Integer.class).single();
    }

    private long activeHeld(String cartId, String sku) {
        return jdbc.sql("SELECT coalesce(sum(quantity), 0) FROM holds WHERE owner = :owner AND sku = :sku AND state = 'active'")
                .param("owner", "cart:" + cartId).param("sku", sku).query(Long.class).single();
    }
}
