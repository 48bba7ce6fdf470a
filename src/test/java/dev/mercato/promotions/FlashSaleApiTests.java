package dev.mercato.promotions;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mercato.support.Api;
import dev.mercato.support.ApiTest;
import dev.mercato.support.Concurrently;
import dev.mercato.support.Shop;

import static org.assertj.core.api.Assertions.assertThat;

class FlashSaleApiTests extends ApiTest {

    private Shop shop;
    private String admin;

    @BeforeEach
    void setUp() {
        admin = adminToken();
        shop = new Shop(api, admin);
    }

    @Test
    void claimedUnitsAreShownInTheCartAndChargedAtTheFlashPrice() {
        String sku = shop.productWithStock("100.00", 50);
        String sale = createSale(sku, "60.00", Instant.now().minus(1, ChronoUnit.MINUTES), Instant.now().plus(1, ChronoUnit.HOURS), 10, 3);
        String customer = customerToken();

        var claim = api.post("/api/flash-sales/" + sale + "/claims", Map.of("quantity", 2), customer);
        assertThat(claim.status()).as(claim.toString()).isEqualTo(200);
        assertThat(api.get("/api/cart", customer).json().get("items").get(0).get("quantity").asInt()).isEqualTo(2);
        shop.add(customer, sku, 1);
        var cart = api.get("/api/cart", customer).json();
        assertThat(cart.get("subtotal").asString()).isEqualTo("300.00");
        assertThat(cart.get("discount").asString()).isEqualTo("80.00");
        assertThat(cart.get("total").asString()).isEqualTo("220.00");

        var order = shop.checkout(customer, UUID.randomUUID().toString(), "tok_visa");
        assertThat(order.status()).as(order.toString()).isEqualTo(201);
        assertThat(order.json().get("subtotal").asString()).isEqualTo("300.00");
        assertThat(order.json().get("discount").asString()).isEqualTo("80.00");
        assertThat(order.json().get("total").asString()).isEqualTo("220.00");
    }

    @Test
    void perCustomerLimitHoldsUnderConcurrentClaimsByOneCustomer() throws Exception {
        String sku = shop.productWithStock("10.00", 100);
        String sale = createSale(sku, "5.00", Instant.now().minus(1, ChronoUnit.MINUTES), Instant.now().plus(1, ChronoUnit.HOURS), 100, 3);
        String customer = customerToken();

        List<Api.Response> responses = Concurrently.run(20, i -> () -> api.post("/api/flash-sales/" + sale + "/claims",
                Map.of("quantity", 1), customer));

        assertThat(responses.stream().filter(r -> r.status() == 200)).hasSize(3);
        assertThat(responses.stream().filter(r -> r.status() == 409))
                .hasSize(17).allSatisfy(r -> assertThat(r.json().get("type").asString()).endsWith("/flash-sale-limit"));
        assertThat(jdbc.sql("SELECT units FROM flash_sale_claims WHERE flash_sale_id = :id::uuid").param("id", sale)
                .query(Integer.class).single()).isEqualTo(3);
        assertThat(jdbc.sql("SELECT claimed FROM flash_sales WHERE id = :id::uuid").param("id", sale).query(Integer.class).single())
                .isEqualTo(3);
        assertThat(api.get("/api/cart", customer).json().get("items").get(0).get("quantity").asInt()).isEqualTo(3);
    }

    @Test
    void saleQuantityIsNeverExceededByManyCustomers() throws Exception {
        String sku = shop.productWithStock("10.00", 100);
        String sale = createSale(sku, "5.00", Instant.now().minus(1, ChronoUnit.MINUTES), Instant.now().plus(1, ChronoUnit.HOURS), 5, 2);
        List<String> customers = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            customers.add(customerToken());
        }
        List<Api.Response> responses = Concurrently.run(12, i -> () -> api.post("/api/flash-sales/" + sale + "/claims",
                Map.of("quantity", 1), customers.get(i)));
        assertThat(responses.stream().filter(r -> r.status() == 200)).hasSize(5);
        assertThat(responses.stream().filter(r -> r.status() == 409))
                .allSatisfy(r -> assertThat(r.json().get("type").asString()).endsWith("/flash-sale-sold-out"));
        assertThat(jdbc.sql("SELECT claimed FROM flash_sales WHERE id = :id::uuid").param("id", sale).query(Integer.class).single())
                .isEqualTo(5);
    }

    @Test
    void claimsOutsideTheWindowOrByGuestsAreRefusedAndHoldNothing() {
        String sku = shop.productWithStock("10.00", 10);
        String later = createSale(sku, "5.00", Instant.now().plus(1, ChronoUnit.HOURS), Instant.now().plus(2, ChronoUnit.HOURS), 5, 2);
        var early = api.post("/api/flash-sales/" + later + "/claims", Map.of("quantity", 1), customerToken());
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.json().get("type").asString()).endsWith("/flash-sale-not-active");
        String now = createSale(sku, "5.00", Instant.now().minus(1, ChronoUnit.MINUTES), Instant.now().plus(1, ChronoUnit.HOURS), 5, 2);
        assertThat(api.post("/api/flash-sales/" + now + "/claims", Map.of("quantity", 1), shop.guest()).status()).isEqualTo(403);
        assertThat(api.post("/api/flash-sales/" + now + "/claims", Map.of("quantity", 1), null).status()).isEqualTo(401);
        assertThat(shop.available(sku)).isEqualTo(10);
    }

    @Test
    void aClaimWithoutStockBehindItIsGivenBack() {
        String sku = shop.productWithStock("10.00", 1);
        String sale = createSale(sku, "5.00", Instant.now().minus(1, ChronoUnit.MINUTES), Instant.now().plus(1, ChronoUnit.HOURS), 10, 5);
        var claim = api.post("/api/flash-sales/" + sale + "/claims", Map.of("quantity", 2), customerToken());
        assertThat(claim.status()).isEqualTo(409);
        assertThat(claim.json().get("type").asString()).endsWith("/insufficient-stock");
        assertThat(jdbc.sql("SELECT claimed FROM flash_sales WHERE id = :id::uuid").param("id", sale).query(Integer.class).single()).isZero();
    }

    @Test
    void aDeclinedPaymentKeepsTheClaimForTheRetry() {
        String sku = shop.productWithStock("20.00", 10);
        String sale = createSale(sku, "15.00", Instant.now().minus(1, ChronoUnit.MINUTES), Instant.now().plus(1, ChronoUnit.HOURS), 10, 2);
        String customer = customerToken();
        api.post("/api/flash-sales/" + sale + "/claims", Map.of("quantity", 2), customer);
        assertThat(shop.checkout(customer, UUID.randomUUID().toString(), "tok_declined").status()).isEqualTo(402);
        var retry = shop.checkout(customer, UUID.randomUUID().toString(), "tok_visa");
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.json().get("total").asString()).isEqualTo("30.00");
    }

    @Test
    void adminRulesForCreatingAFlashSale() {
        String sku = shop.productWithStock("10.00", 1);
        Map<String, Object> body = Map.of("sku", sku, "price", "5.00", "startsAt", Instant.now().toString(),
                "endsAt", Instant.now().plus(1, ChronoUnit.HOURS).toString(), "quantity", 5, "perCustomerLimit", 1);
        assertThat(api.post("/api/admin/flash-sales", body, customerToken()).status()).isEqualTo(403);
        var backwards = new java.util.HashMap<>(body);
        backwards.put("endsAt", Instant.now().minus(1, ChronoUnit.HOURS).toString());
        assertThat(api.post("/api/admin/flash-sales", backwards, admin).status()).isEqualTo(400);
        var unknown = new java.util.HashMap<>(body);
        unknown.put("sku", "NO-SUCH-SKU");
        assertThat(api.post("/api/admin/flash-sales", unknown, admin).status()).isEqualTo(404);
        var created = api.post("/api/admin/flash-sales", body, admin);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("perCustomerLimit").asInt()).isEqualTo(1);
        assertThat(created.json().get("price").asString()).isEqualTo("5.00");
    }

    @Test
    void theConsoleMonitorListsSalesLatestStartFirstWithTheUnitsClaimed() {
        String sku = shop.productWithStock("10.00", 100);
        String running = createSale(sku, "5.00", Instant.now().minus(1, ChronoUnit.MINUTES), Instant.now().plus(1, ChronoUnit.HOURS), 10, 5);
        String next = createSale(sku, "5.00", Instant.now().plus(3650, ChronoUnit.DAYS), Instant.now().plus(3651, ChronoUnit.DAYS), 7, 1);
        assertThat(api.post("/api/flash-sales/" + running + "/claims", Map.of("quantity", 3), customerToken()).status()).isEqualTo(200);

        var answer = api.get("/api/admin/flash-sales?limit=100", admin);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        List<String> ids = answer.json().get("items").valueStream().map(item -> item.get("id").asString()).toList();
        assertThat(ids).contains(running, next);
        assertThat(ids.indexOf(next)).isLessThan(ids.indexOf(running));
        var sale = answer.json().get("items").get(ids.indexOf(running));
        assertThat(sale.get("claimed").asInt()).isEqualTo(3);
        assertThat(sale.get("quantity").asInt()).isEqualTo(10);
        assertThat(answer.json().get("at").asString()).isNotBlank();
        assertThat(api.get("/api/admin/flash-sales?limit=0", admin).status()).isEqualTo(400);
        assertThat(api.get("/api/admin/flash-sales", customerToken()).status()).isEqualTo(403);
    }

    private String createSale(String sku, String price, Instant startsAt, Instant endsAt, int quantity, int perCustomerLimit) {
        var created = api.post("/api/admin/flash-sales", Map.of("sku", sku, "price", price, "startsAt", startsAt.toString(),
                "endsAt", endsAt.toString(), "quantity", quantity, "perCustomerLimit", perCustomerLimit), admin);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asString();
    }
}
