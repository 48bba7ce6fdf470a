package dev.mercato.orders;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import dev.mercato.support.ApiTest;
import dev.mercato.support.Shop;
import dev.mercato.support.StatementCounter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins what one checkout costs in statements, all phases together (key claim, pending order,
 * payment with the sandbox provider, result), for a guest's cart of one line: a statement more per
 * checkout is a round trip more on every order, so a new one should be a decision seen in review.
 */
class CheckoutStatementCountTests extends ApiTest {

    /**
     * Measured on issue 13 as 37 before the lean path, 34 after; 42 once processor routing, coupons and
     * analytics landed; 27, then 26, then 25, then 24 now. Today: claim the key (1); phase 1 (10: cart lock and lines, SKU prices,
     * owner lock, holds locked and listed once, holds committed in one statement, the order with its
     * lines and first history entry in one statement, key tied to the order with recovery point
     * payment_attempted, one event publication: analytics' OrderPlaced, which says when the order
     * was placed, so analytics no longer takes the first status (-1)); the
     * payment (6, payments module, one transaction with the sandbox: route claimed, authorisation
     * stored by its insert, route pinned, authorisation locked, its settlement looked up, capture
     * stored by its insert); phase 3 (8: order lock, status with the processor and the history entry
     * in one statement, one event publication: analytics (the coupons' listener's only for an order
     * with a coupon, recorded on the order: -1, 2026-12-04), order read once for both the
     * cart and the answer, cart locked by its touch, the ordered units taken out of its lines in one statement (-1, 2026-12-04), holds sold, key completed).
     * <p>
     * What went, from 42: the separate payment_attempted commit (-1, recorded by phase 1); the
     * order's lines and history (-2) and the status's history (-1) folded into one statement each;
     * the processor recorded with the status (-1); the order read once in phase 3 (-1); the sandbox's
     * look-ups before inserting (-4: an insert that finds its key taken answers with the key's row);
     * five event publications (-5): order tracking (SSE) is an after-commit hint of this node, no
     * longer a stored publication, and the payment reversal and coupon listeners are stored only for
     * the statuses they act on (their condition is evaluated before the row is written). A new
     * listener of OrderPlaced or OrderStatusChanged adds a statement here: that is the cost this
     * test makes visible. The failure message lists them.
     */
    static final int ONE_LINE_CHECKOUT = 24;

    @TestConfiguration
    static class Counting {
        @Bean
        static StatementCounter statementCounter() {
            return new StatementCounter();
        }
    }

    @Autowired
    StatementCounter statements;

    @Test
    void aOneLineCheckoutRunsAFixedNumberOfStatements() {
        Shop shop = new Shop(api, adminToken());
        String sku = shop.productWithStock("4.50", 1000);
        String warm = shop.guest();
        assertThat(shop.add(warm, sku, 1).status()).isEqualTo(200);
        assertThat(shop.checkout(warm, UUID.randomUUID().toString(), "tok_visa").status()).isEqualTo(201);
        String guest = shop.guest();
        assertThat(shop.add(guest, sku, 1).status()).isEqualTo(200);

        statements.reset();
        var order = shop.checkout(guest, UUID.randomUUID().toString(), "tok_visa");
        int count = statements.count();

        assertThat(order.status()).as(order.toString()).isEqualTo(201);
        assertThat(count).as("statements of one checkout:%n%s", String.join("\n", statements.sql())).isEqualTo(ONE_LINE_CHECKOUT);
    }
}
