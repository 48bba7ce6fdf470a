package dev.mercato.cart;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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
import static org.awaitility.Awaitility.await;

class CartApiTests extends ApiTest {

    @Autowired
    ApplicationContext context;

    private Shop shop;

    @BeforeEach
    void setUp() {
        shop = new Shop(api, adminToken());
    }

    @Test
    void addingAnItemHoldsItsUnitsAndAnswersTheCart() {
        String sku = shop.productWithStock("19.99", 10);
        String shopper = shop.guest();

        var added = shop.add(shopper, sku, 3);

        assertThat(added.status()).as(added.toString()).isEqualTo(200);
        JsonNode cart = added.json();
        assertThat(cart.get("id").asString()).isNotBlank();
        assertThat(cart.get("subtotal").asString()).isEqualTo("59.97");
        assertThat(cart.get("currency").asString()).isEqualTo("USD");
        JsonNode line = cart.get("items").get(0);
        assertThat(line.get("sku").asString()).isEqualTo(sku);
        assertThat(line.get("title").asString()).isNotBlank();
        assertThat(line.get("quantity").asInt()).isEqualTo(3);
        assertThat(line.get("unitPrice").asString()).isEqualTo("19.99");
        assertThat(line.get("lineTotal").asString()).isEqualTo("59.97");
        Instant expires = Instant.parse(line.get("holdExpiresAt").asString());
        assertThat(Duration.between(Instant.now(), expires)).isCloseTo(Duration.ofMinutes(30), Duration.ofMinutes(1));

        assertThat(shop.available(sku)).isEqualTo(7);
        assertThat(activeHolds(cart.get("id").asString(), sku)).isEqualTo(3);
        assertThat(api.get("/api/cart", shopper).body()).isEqualTo(added.body());

        // a second add of the same SKU grows the line and the hold
        var more = shop.add(shopper, sku, 2);
        assertThat(more.json().get("items")).hasSize(1);
        assertThat(more.json().get("items").get(0).get("quantity").asInt()).isEqualTo(5);
        assertThat(activeHolds(cart.get("id").asString(), sku)).isEqualTo(5);
        assertThat(shop.available(sku)).isEqualTo(5);
        new Invariants(jdbc).holdFor(List.of(sku));
    }

    @Test
    void addingMoreThanIsAvailableIs409AndHoldsNothing() {
        String sku = shop.productWithStock("5.00", 4);
        String other = shop.guest();
        shop.add(other, sku, 1);
        String shopper = shop.guest();

        var refused = shop.add(shopper, sku, 4);

        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.json().get("type").asString()).endsWith("/insufficient-stock");
        assertThat(refused.json().get("available").asLong()).isEqualTo(3);
        assertThat(api.get("/api/cart", shopper).json().get("items")).isEmpty();
        assertThat(shop.available(sku)).isEqualTo(3);
        assertThat(jdbc.sql("SELECT coalesce(sum(quantity), 0) FROM holds WHERE sku = :sku AND state = 'active'")
                .param("sku", sku).query(Long.class).single()).isEqualTo(1);
        new Invariants(jdbc).holdFor(List.of(sku));
    }

    @Test
    void unknownSkuIs404AndOutOfRangeQuantitiesAre400() {
        String shopper = shop.guest();
        var unknown = shop.add(shopper, unique("NOPE"), 1);
        assertThat(unknown.status()).as(unknown.toString()).isEqualTo(404);

        String sku = shop.productWithStock("5.00", 2000);
        for (int quantity : new int[] {0, -1, 1001}) {
            var invalid = shop.add(shopper, sku, quantity);
            assertThat(invalid.status()).as(quantity + " -> " + invalid).isEqualTo(400);
            assertThat(invalid.json().get("errors").toString()).contains("quantity");
        }
        var missingSku = api.post("/api/cart/items", Map.of("quantity", 1), shopper);
        assertThat(missingSku.status()).isEqualTo(400);

        assertThat(api.get("/api/cart", shopper).json().get("items")).isEmpty();
        assertThat(jdbc.sql("SELECT count(*) FROM holds WHERE sku = :sku").param("sku", sku).query(Long.class).single()).isZero();
        assertThat(shop.available(sku)).isEqualTo(2000);
    }

    @Test
    void patchGrowsAndShrinksTheHoldAndZeroRemovesTheLine() {
        String sku = shop.productWithStock("2.50", 10);
        String shopper = shop.guest();
        String cartId = shop.add(shopper, sku, 2).json().get("id").asString();

        var grown = patch(shopper, sku, 6);
        assertThat(grown.status()).as(grown.toString()).isEqualTo(200);
        assertThat(grown.json().get("items").get(0).get("quantity").asInt()).isEqualTo(6);
        assertThat(grown.json().get("subtotal").asString()).isEqualTo("15.00");
        assertThat(activeHolds(cartId, sku)).isEqualTo(6);
        assertThat(shop.available(sku)).isEqualTo(4);

        var tooMuch = patch(shopper, sku, 11);
        assertThat(tooMuch.status()).as(tooMuch.toString()).isEqualTo(409);
        assertThat(tooMuch.json().get("type").asString()).endsWith("/insufficient-stock");
        assertThat(activeHolds(cartId, sku)).isEqualTo(6);
        assertThat(api.get("/api/cart", shopper).json().get("items").get(0).get("quantity").asInt()).isEqualTo(6);

        var shrunk = patch(shopper, sku, 1);
        assertThat(shrunk.json().get("items").get(0).get("quantity").asInt()).isEqualTo(1);
        assertThat(activeHolds(cartId, sku)).isEqualTo(1);
        assertThat(shop.available(sku)).isEqualTo(9);

        var removed = patch(shopper, sku, 0);
        assertThat(removed.status()).as(removed.toString()).isEqualTo(200);
        assertThat(removed.json().get("items")).isEmpty();
        assertThat(removed.json().get("subtotal").asString()).isEqualTo("0.00");
        assertThat(activeHolds(cartId, sku)).isZero();
        assertThat(shop.available(sku)).isEqualTo(10);
        assertThat(jdbc.sql("SELECT count(*) FROM cart_items WHERE sku = :sku").param("sku", sku).query(Long.class).single()).isZero();

        assertThat(patch(shopper, sku, 2).status()).as("a line no longer in the cart").isEqualTo(404);
        assertThat(patch(shopper, sku, 1001).status()).isEqualTo(400);
        new Invariants(jdbc).holdFor(List.of(sku));
    }

    @Test
    void deleteReleasesTheHold() {
        String keep = shop.productWithStock("1.00", 5);
        String drop = shop.productWithStock("3.00", 5);
        String shopper = shop.guest();
        shop.add(shopper, keep, 1);
        String cartId = shop.add(shopper, drop, 4).json().get("id").asString();
        assertThat(shop.available(drop)).isEqualTo(1);

        var deleted = api.delete("/api/cart/items/" + drop, shopper);

        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
        assertThat(deleted.json().get("items")).hasSize(1);
        assertThat(deleted.json().get("items").get(0).get("sku").asString()).isEqualTo(keep);
        assertThat(deleted.json().get("subtotal").asString()).isEqualTo("1.00");
        assertThat(shop.available(drop)).isEqualTo(5);
        assertThat(activeHolds(cartId, drop)).isZero();
        assertThat(activeHolds(cartId, keep)).isEqualTo(1);
        assertThat(jdbc.sql("SELECT kind FROM stock_movements WHERE sku = :sku AND reserved_delta < 0").param("sku", drop)
                .query(String.class).list()).containsExactly("release");

        assertThat(api.delete("/api/cart/items/" + drop, shopper).status()).isEqualTo(404);
        new Invariants(jdbc).holdFor(List.of(keep, drop));
    }

    @Test
    void cartRoutesNeedAToken() {
        String sku = shop.productWithStock("1.00", 5);
        assertThat(api.get("/api/cart", null).status()).isEqualTo(401);
        assertThat(shop.add(null, sku, 1).status()).isEqualTo(401);
        assertThat(patch(null, sku, 1).status()).isEqualTo(401);
        assertThat(api.delete("/api/cart/items/" + sku, null).status()).isEqualTo(401);
        assertThat(shop.add("not-a-real-token", sku, 1).status()).isEqualTo(401);
        assertThat(shop.available(sku)).isEqualTo(5);
    }

    @Test
    void twoGuestsHaveSeparateCarts() {
        String sku = shop.productWithStock("4.00", 10);
        String ann = shop.guest();
        String bob = shop.guest();
        String annCart = shop.add(ann, sku, 3).json().get("id").asString();

        JsonNode bobs = api.get("/api/cart", bob).json();
        assertThat(bobs.get("items")).isEmpty();
        assertThat(bobs.get("subtotal").asString()).isEqualTo("0.00");
        assertThat(patch(bob, sku, 1).status()).isEqualTo(404);
        assertThat(api.delete("/api/cart/items/" + sku, bob).status()).isEqualTo(404);

        var bobAdds = shop.add(bob, sku, 1);
        assertThat(bobAdds.json().get("id").asString()).isNotEqualTo(annCart);
        assertThat(bobAdds.json().get("items").get(0).get("quantity").asInt()).isEqualTo(1);

        JsonNode anns = api.get("/api/cart", ann).json();
        assertThat(anns.get("id").asString()).isEqualTo(annCart);
        assertThat(anns.get("items").get(0).get("quantity").asInt()).isEqualTo(3);
        assertThat(activeHolds(annCart, sku)).isEqualTo(3);
        assertThat(shop.available(sku)).isEqualTo(6);
    }

    /**
     * An add renews the cart's other holds (a shopper still adding keeps what they picked), unless they
     * were renewed within the last minute; the answer shows the renewed expiry.
     */
    @Test
    void anAddRenewsTheCartsOtherHoldsWhenDue() {
        String first = shop.productWithStock("3.00", 10);
        String second = shop.productWithStock("4.00", 10);
        String third = shop.productWithStock("5.00", 10);
        String shopper = shop.guest();
        String cartId = shop.add(shopper, first, 1).json().get("id").asString();
        setHoldExpiry(cartId, first, "25 minutes");

        JsonNode renewed = shop.add(shopper, second, 1).json();
        Instant firstExpiry = Instant.parse(renewed.get("items").get(0).get("holdExpiresAt").asString());
        assertThat(Duration.between(Instant.now(), firstExpiry)).as("renewed to a full hold time")
                .isCloseTo(Duration.ofMinutes(30), Duration.ofSeconds(30));
        assertThat(holdExpiry(cartId, first)).isEqualTo(firstExpiry);

        setHoldExpiry(cartId, first, "29 minutes 45 seconds");
        Instant recent = holdExpiry(cartId, first);
        JsonNode notDue = shop.add(shopper, third, 1).json();
        assertThat(holdExpiry(cartId, first)).as("renewed within the last minute: left alone").isEqualTo(recent);
        assertThat(Instant.parse(notDue.get("items").get(0).get("holdExpiresAt").asString())).isEqualTo(recent);
    }

    private void setHoldExpiry(String cartId, String sku, String fromNow) {
        assertThat(jdbc.sql("UPDATE holds SET expires_at = now() + :fromNow::interval WHERE owner = :owner AND sku = :sku AND state = 'active'")
                .param("fromNow", fromNow).param("owner", "cart:" + cartId).param("sku", sku).update()).isPositive();
    }

    private Instant holdExpiry(String cartId, String sku) {
        return jdbc.sql("SELECT min(expires_at) FROM holds WHERE owner = :owner AND sku = :sku AND state = 'active'")
                .param("owner", "cart:" + cartId).param("sku", sku).query(java.sql.Timestamp.class).single().toInstant();
    }

    @Test
    void expiredHoldsAreSweptAndTheCartKeepsTheLineUnheld() {
        String sku = shop.productWithStock("7.00", 5);
        String shopper = shop.guest();
        String cartId = shop.add(shopper, sku, 2).json().get("id").asString();
        Prometheus metrics = new Prometheus(api);
        double abandonedBefore = metrics.value("cart_abandonments_total");

        expire(cartId);
        new InventoryJobs(context).sweepExpiredHolds();

        assertThat(shop.available(sku)).isEqualTo(5);
        assertThat(jdbc.sql("SELECT state FROM holds WHERE owner = :owner").param("owner", "cart:" + cartId)
                .query(String.class).list()).containsOnly("expired");
        assertThat(jdbc.sql("SELECT count(*) FROM stock_movements WHERE sku = :sku AND kind = 'expire' AND reserved_delta = -2")
                .param("sku", sku).query(Long.class).single()).isEqualTo(1);
        assertThat(metrics.value("cart_abandonments_total")).isGreaterThanOrEqualTo(abandonedBefore + 1);
        JsonNode line = api.get("/api/cart", shopper).json().get("items").get(0);
        assertThat(line.get("quantity").asInt()).isEqualTo(2);
        assertThat(line.get("heldQuantity").asInt()).isZero();
        assertThat(line.get("holdExpiresAt").isNull()).isTrue();
        new Invariants(jdbc).holdFor(List.of(sku));
    }

    @Test
    void checkoutAfterExpiryHoldsTheUnitsAgainWhenStockAllows() {
        String sku = shop.productWithStock("7.00", 5);
        String shopper = shop.guest();
        String cartId = shop.add(shopper, sku, 2).json().get("id").asString();
        expire(cartId);
        new InventoryJobs(context).sweepExpiredHolds();
        assertThat(shop.available(sku)).isEqualTo(5);

        var placed = shop.checkout(shopper, UUID.randomUUID().toString(), "tok_visa");

        assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
        assertThat(placed.json().get("items").get(0).get("quantity").asInt()).isEqualTo(2);
        assertThat(shop.available(sku)).isEqualTo(3);
        new InventoryJobs(context).settleSoldHolds();
        new Invariants(jdbc).holdFor(List.of(sku));
    }

    @Test
    void checkoutAfterExpiryIs409WhenSomeoneElseTookTheUnits() {
        String sku = shop.productWithStock("7.00", 3);
        String shopper = shop.guest();
        String cartId = shop.add(shopper, sku, 2).json().get("id").asString();
        expire(cartId);
        new InventoryJobs(context).sweepExpiredHolds();
        assertThat(shop.add(shop.guest(), sku, 2).status()).isEqualTo(200);

        var refused = shop.checkout(shopper, UUID.randomUUID().toString(), "tok_visa");

        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.json().get("type").asString()).endsWith("/insufficient-stock");
        assertThat(refused.json().get("available").asLong()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM order_lines WHERE sku = :sku").param("sku", sku).query(Long.class).single()).isZero();
        assertThat(activeHolds(cartId, sku)).isZero();
        assertThat(shop.available(sku)).isEqualTo(1);
        assertThat(api.get("/api/cart", shopper).json().get("items").get(0).get("quantity").asInt()).isEqualTo(2);
        new Invariants(jdbc).holdFor(List.of(sku));
    }

    @Test
    void guestCartMovesToTheCustomerOnRegistrationWithItsHolds() {
        String sku = shop.productWithStock("6.00", 10);
        String other = shop.productWithStock("2.00", 10);
        String guest = shop.guest();
        shop.add(guest, sku, 3);
        String guestCart = shop.add(guest, other, 1).json().get("id").asString();
        assertThat(shop.available(sku)).isEqualTo(7);

        var registered = api.post("/api/auth/register",
                Map.of("email", unique("merge") + "@example.com", "password", "correct-horse-9", "name", "Merger"), null,
                "X-Guest-Token", guest);
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        String customer = registered.json().get("token").asString();

        JsonNode cart = await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/cart", customer).json(),
                c -> c.get("items").size() == 2);
        assertThat(line(cart, sku).get("quantity").asInt()).isEqualTo(3);
        assertThat(line(cart, sku).get("heldQuantity").asInt()).isEqualTo(3);
        assertThat(line(cart, other).get("quantity").asInt()).isEqualTo(1);
        assertThat(cart.get("subtotal").asString()).isEqualTo("20.00");

        String customerCart = cart.get("id").asString();
        assertThat(customerCart).isNotEqualTo(guestCart);
        assertThat(activeHolds(customerCart, sku)).isEqualTo(3);
        assertThat(activeHolds(customerCart, other)).isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM holds WHERE owner = :owner").param("owner", "cart:" + guestCart)
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM carts WHERE id = :id::uuid").param("id", guestCart).query(Long.class).single()).isZero();
        assertThat(shop.available(sku)).isEqualTo(7);
        assertThat(shop.available(other)).isEqualTo(9);
        assertThat(api.get("/api/cart", guest).status()).as("the guest token is revoked").isEqualTo(401);
        new Invariants(jdbc).holdFor(List.of(sku, other));
    }

    @Test
    void guestCartMergesIntoAnExistingCustomerCartOnLogin() {
        String sku = shop.productWithStock("6.00", 10);
        String email = unique("login-merge") + "@example.com";
        api.post("/api/auth/register", Map.of("email", email, "password", "correct-horse-9", "name", "Returning"), null);
        String earlier = login(email, null);
        String customerCart = shop.add(earlier, sku, 2).json().get("id").asString();
        String guest = shop.guest();
        shop.add(guest, sku, 3);
        assertThat(shop.available(sku)).isEqualTo(5);

        String customer = login(email, guest);

        await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/cart", customer).json().get("items").get(0).get("quantity").asInt(),
                quantity -> quantity == 5);
        JsonNode cart = api.get("/api/cart", customer).json();
        assertThat(cart.get("id").asString()).isEqualTo(customerCart);
        assertThat(cart.get("items")).hasSize(1);
        assertThat(cart.get("items").get(0).get("heldQuantity").asInt()).isEqualTo(5);
        assertThat(activeHolds(customerCart, sku)).isEqualTo(5);
        assertThat(shop.available(sku)).isEqualTo(5);
        new Invariants(jdbc).holdFor(List.of(sku));
    }

    private static JsonNode line(JsonNode cart, String sku) {
        for (JsonNode line : cart.get("items")) {
            if (line.get("sku").asString().equals(sku)) {
                return line;
            }
        }
        throw new AssertionError(sku + " not in " + cart);
    }

    private String login(String email, String guestToken) {
        Map<String, Object> body = Map.of("email", email, "password", "correct-horse-9");
        Api.Response response = guestToken == null ? api.post("/api/auth/login", body, null)
                : api.post("/api/auth/login", body, null, "X-Guest-Token", guestToken);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().get("token").asString();
    }

    private Api.Response patch(String token, String sku, int quantity) {
        return api.send("/api/cart/items/" + sku, "PATCH", "application/json", Api.toJson(Map.of("quantity", quantity)), token);
    }

    private void expire(String cartId) {
        int expired = jdbc.sql("UPDATE holds SET expires_at = now() - interval '1 minute' WHERE owner = :owner AND state = 'active'")
                .param("owner", "cart:" + cartId).update();
        assertThat(expired).isPositive();
    }

    private long activeHolds(String cartId, String sku) {
        return jdbc.sql("SELECT coalesce(sum(quantity), 0) FROM holds WHERE owner = :owner AND sku = :sku AND state = 'active'")
                .param("owner", "cart:" + cartId).param("sku", sku).query(Long.class).single();
    }
}
