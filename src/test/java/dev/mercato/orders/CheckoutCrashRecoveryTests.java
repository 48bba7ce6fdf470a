package dev.mercato.orders;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.TestPropertySource;

import dev.mercato.inventory.internal.InventoryJobs;
import dev.mercato.orders.internal.OrderJobs;
import dev.mercato.payments.ChargeRequest;
import dev.mercato.payments.PaymentOutcome;
import dev.mercato.payments.Payments;
import dev.mercato.support.ApiTest;
import dev.mercato.support.Invariants;
import dev.mercato.support.Shop;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The process dies between checkout phases: after the order was committed, before or after the
 * provider charged. The recovery job must then finish the order (paid once, stock sold) or cancel
 * it (nothing charged, the holds back in the cart), and a retry with the idempotency key must get the
 * paid order (see {@link CheckoutResumeTests} for every crash point).
 */
@TestPropertySource(properties = "mercato.orders.recover-after=0s")
class CheckoutCrashRecoveryTests extends ApiTest {

    enum Crash { NONE, BEFORE_CHARGE, AFTER_CHARGE }

    static volatile Crash crash = Crash.NONE;

    @TestConfiguration
    static class CrashingPaymentsConfiguration {

        /** Stands in for the process dying around the provider call; the real provider does the rest. */
        @Bean
        @Primary
        Payments crashingPayments(@Qualifier("paymentsService") Payments real) {
            return new dev.mercato.support.ForwardingPayments(real) {
                @Override
                public PaymentOutcome charge(ChargeRequest request) {
                    Crash now = crash;
                    crash = Crash.NONE;
                    if (now == Crash.BEFORE_CHARGE) {
                        throw new IllegalStateException("simulated crash before the provider was called");
                    }
                    PaymentOutcome outcome = super.charge(request);
                    if (now == Crash.AFTER_CHARGE) {
                        throw new IllegalStateException("simulated crash after the provider charged");
                    }
                    return outcome;
                }
            };
        }
    }

    @Autowired
    ApplicationContext context;

    private Shop shop;

    @BeforeEach
    void setUp() {
        shop = new Shop(api, adminToken());
    }

    @AfterEach
    void noCrash() {
        crash = Crash.NONE;
    }

    @Test
    void crashBeforeTheChargeIsCancelledByRecoveryThenPlacedAgainByTheRetryWithItsKey() {
        String sku = shop.productWithStock("15.00", 5);
        String shopper = shop.guest();
        shop.add(shopper, sku, 2);
        String key = UUID.randomUUID().toString();
        crash = Crash.BEFORE_CHARGE;

        var crashed = shop.checkout(shopper, key, "tok_visa");
        assertThat(crashed.status()).isEqualTo(202);
        assertThat(crashed.json().get("status").asString()).isEqualTo("pending_payment");
        String orderId = orderOf(sku);
        assertThat(status(orderId)).isEqualTo("pending_payment");
        assertThat(shop.available(sku)).as("committed holds still count as reserved").isEqualTo(3);
        assertThat(shop.checkout(shopper, key, "tok_visa").status()).as("same key while unresolved").isEqualTo(409);

        leaseRanOut();
        new OrderJobs(context).recoverPendingOrders();

        assertThat(status(orderId)).isEqualTo("cancelled");
        assertThat(shop.available(sku)).as("the holds went back to the cart, for a retry with the key").isEqualTo(3);
        assertThat(captures(orderId)).isZero();
        // issue 12: the retry with the key places the order again instead of answering checkout-interrupted
        var retried = shop.checkout(shopper, key, "tok_visa");
        assertThat(retried.status()).as(retried.toString()).isEqualTo(201);
        assertThat(retried.json().get("status").asString()).isEqualTo("paid");
        assertThat(shop.checkout(shopper, key, "tok_visa").header("Idempotent-Replayed")).isEqualTo("true");
        new InventoryJobs(context).settleSoldHolds();
        new Invariants(jdbc).holdFor(List.of(sku));
    }

    @Test
    void crashAfterTheChargeEndsWithAPaidOrderChargedOnce() {
        String sku = shop.productWithStock("15.00", 5);
        String shopper = shop.guest();
        shop.add(shopper, sku, 2);
        String key = UUID.randomUUID().toString();
        crash = Crash.AFTER_CHARGE;

        assertThat(shop.checkout(shopper, key, "tok_visa").status()).isEqualTo(202);
        String orderId = orderOf(sku);
        assertThat(status(orderId)).isEqualTo("pending_payment");
        assertThat(captures(orderId)).isEqualTo(1);

        leaseRanOut();
        new OrderJobs(context).recoverPendingOrders();
        new OrderJobs(context).recoverPendingOrders();

        assertThat(status(orderId)).isEqualTo("paid");
        assertThat(captures(orderId)).as("recovery must not charge again").isEqualTo(1);
        new InventoryJobs(context).settleSoldHolds();
        assertThat(jdbc.sql("SELECT quantity FROM stock WHERE sku = :sku").param("sku", sku).query(Long.class).single()).isEqualTo(3);
        var replay = shop.checkout(shopper, key, "tok_visa");
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.json().get("status").asString()).isEqualTo("paid");
        assertThat(api.get("/api/cart", shopper).json().get("items").size()).as("bought items leave the cart").isZero();
        new Invariants(jdbc).holdFor(List.of(sku));
    }

    /** The crashed request held its key for the checkout lease; recovery takes over once that ran out. */
    private void leaseRanOut() {
        jdbc.sql("UPDATE idempotency_keys SET locked_at = locked_at - interval '1 hour' WHERE status = 'in_flight'").update();
    }

    private String orderOf(String sku) {
        return jdbc.sql("SELECT order_id::text FROM order_lines WHERE sku = :sku").param("sku", sku).query(String.class).single();
    }

    private String status(String orderId) {
        return jdbc.sql("SELECT status FROM orders WHERE id = :id::uuid").param("id", orderId).query(String.class).single();
    }

    private long captures(String orderId) {
        return jdbc.sql("SELECT count(*) FROM sandbox_payments WHERE order_id = :id::uuid AND kind = 'capture' AND status = 'succeeded'")
                .param("id", orderId).query(Long.class).single();
    }
}
