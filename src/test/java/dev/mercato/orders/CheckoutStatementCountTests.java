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
     * analytics landed: claim the key (1); phase 1 (15: cart lock and lines, SKU prices, owner lock,
     * holds locked and listed once, holds committed in one statement, order, lines, history, key, five
     * event publications, one per listener of OrderPlaced and StockChanged); payment attempted (1); the
     * payment (10, payments module: the order's route claimed, the sandbox's authorisation, the route
     * pinned, the capture); phase 3 (15: order lock, the processor recorded, order read, cart locked by
     * its touch, lines, line removed, status, history, four event publications, holds sold, order read
     * for the answer, key completed). A new listener of those events adds a statement here: that is the
     * cost this test makes visible. The failure message lists them.
     */
    static final int ONE_LINE_CHECKOUT = 42;

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
