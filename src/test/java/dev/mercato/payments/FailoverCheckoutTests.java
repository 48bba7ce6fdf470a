package dev.mercato.payments;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mercato.support.Api;
import dev.mercato.support.Concurrently;
import dev.mercato.support.Shop;

import static org.assertj.core.api.Assertions.assertThat;

/** Checkout over sandbox-a then sandbox-b: failover, and the cases where there must be none. Ledgers checked in the database. */
class FailoverCheckoutTests extends RoutedPaymentsTest {

    private Shop shop;

    @BeforeEach
    void setUp() {
        shop = new Shop(api, adminToken());
    }

    @Test
    void primaryDownTheOrderIsPaidByTheSecondaryWithExactlyOneCaptureInAllLedgers() {
        String sku = shop.productWithStock("30.00", 5);
        String guest = shop.guest();
        shop.add(guest, sku, 1);
        double failoversBefore = failovers();

        Api.Response placed = shop.checkout(guest, UUID.randomUUID().toString(), "tok_processor_down");

        assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
        String orderId = placed.json().get("id").asString();
        assertThat(placed.json().get("status").asString()).isEqualTo("paid");
        assertThat(placed.json().get("paymentProvider").asString()).isEqualTo("sandbox-b");
        assertThat(orderColumn(orderId, "payment_provider")).isEqualTo("sandbox-b");
        assertThat(capturesEverywhere(orderId)).isEqualTo(1);
        assertThat(ledgerRows("sandbox_a_payments", orderId)).isZero();
        assertThat(ledgerRows("sandbox_b_payments", orderId)).isEqualTo(2);
        assertThat(api.get("/api/admin/payments?orderId=" + orderId, adminToken()).json())
                .extracting(record -> record.get("provider").asString() + " " + record.get("kind").asString())
                .containsExactly("sandbox-b authorization", "sandbox-b capture");
        assertThat(failovers()).isEqualTo(failoversBefore + 1);
    }

    @Test
    void primaryTimingOutAfterChargingIsAskedAgainAndNoSecondProcessorIsTried() {
        // tok_timeout charges before going silent for about half of all order ids: try until both cases were seen
        boolean sawCharged = false;
        boolean sawNotCharged = false;
        for (int attempt = 0; attempt < 40 && !(sawCharged && sawNotCharged); attempt++) {
            String sku = shop.productWithStock("12.00", 1);
            String guest = shop.guest();
            shop.add(guest, sku, 1);

            Api.Response placed = shop.checkout(guest, UUID.randomUUID().toString(), "tok_timeout");

            String orderId = placed.json().has("id") ? placed.json().get("id").asString() : placed.json().get("orderId").asString();
            assertThat(ledgerRows("sandbox_b_payments", orderId)).as("the second processor is never tried after a timeout").isZero();
            if (placed.status() == 201) {
                sawCharged = true;
                assertThat(placed.json().get("status").asString()).isEqualTo("paid");
                assertThat(orderColumn(orderId, "payment_provider")).isEqualTo("sandbox-a");
                assertThat(capturesEverywhere(orderId)).isEqualTo(1);
            } else {
                sawNotCharged = true;
                assertThat(placed.status()).as(placed.toString()).isEqualTo(504);
                assertThat(capturesEverywhere(orderId)).isZero();
                assertThat(orderColumn(orderId, "status")).isEqualTo("cancelled");
            }
        }
        assertThat(sawCharged).isTrue();
        assertThat(sawNotCharged).isTrue();
    }

    @Test
    void aDeclineAtThePrimaryIsFinal() {
        String sku = shop.productWithStock("8.00", 1);
        String guest = shop.guest();
        shop.add(guest, sku, 1);

        Api.Response placed = shop.checkout(guest, UUID.randomUUID().toString(), "tok_declined");

        assertThat(placed.status()).as(placed.toString()).isEqualTo(402);
        String orderId = placed.json().get("orderId").asString();
        assertThat(ledgerRows("sandbox_a_payments", orderId)).isEqualTo(1);
        assertThat(ledgerRows("sandbox_b_payments", orderId)).isZero();
        assertThat(orderColumn(orderId, "payment_provider")).isEqualTo("sandbox-a");
    }

    @Test
    void concurrentCheckoutsWithTheProcessorDownAndDuplicateKeysPayEachOrderOnceAtTheSecondary() throws Exception {
        int shoppers = 12;
        List<String[]> carts = new ArrayList<>();
        for (int i = 0; i < shoppers; i++) {
            String sku = shop.productWithStock("15.00", 3);
            String guest = shop.guest();
            shop.add(guest, sku, 1);
            carts.add(new String[] {guest, UUID.randomUUID().toString(), i % 3 == 0 ? "tok_visa" : "tok_processor_down"});
        }

        // every shopper sends its checkout twice at once with the same key
        List<Api.Response> responses = Concurrently.run(2 * shoppers, i -> () -> {
            String[] cart = carts.get(i / 2);
            return shop.checkout(cart[0], cart[1], cart[2]);
        });

        for (int i = 0; i < shoppers; i++) {
            String[] cart = carts.get(i);
            // the one that was not answered 201 at once (409 in flight) gets the first answer on a retry
            Api.Response settled = shop.checkout(cart[0], cart[1], cart[2]);
            assertThat(settled.status()).as(settled.toString()).isEqualTo(201);
            String orderId = settled.json().get("id").asString();
            assertThat(capturesEverywhere(orderId)).as("captures of order %s in all ledgers", orderId).isEqualTo(1);
            assertThat(orderColumn(orderId, "payment_provider")).isEqualTo(cart[2].equals("tok_visa") ? "sandbox-a" : "sandbox-b");
            assertThat(api.get("/api/orders", cart[0]).json().get("items")).as("orders of shopper %d", i).hasSize(1);
        }
        assertThat(responses).extracting(Api.Response::status).containsOnly(201, 409);
        assertThat(jdbc.sql("""
                SELECT count(*) FROM orders o WHERE o.status = 'paid' AND
                  (SELECT count(*) FROM sandbox_a_payments p WHERE p.order_id = o.id AND p.kind = 'capture' AND p.status = 'succeeded')
                + (SELECT count(*) FROM sandbox_b_payments p WHERE p.order_id = o.id AND p.kind = 'capture' AND p.status = 'succeeded') <> 1""")
                .query(Long.class).single()).as("paid orders without exactly one capture across the ledgers").isZero();
    }

    private double failovers() {
        return api.get("/actuator/prometheus", adminToken()).body().lines()
                .filter(line -> line.startsWith("payment_failovers_total{") && line.contains("from=\"sandbox-a\"")
                        && line.contains("to=\"sandbox-b\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
