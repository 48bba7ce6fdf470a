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

/** The order lists cost a fixed number of queries per page, whatever the page size (no N+1). */
class OrderListQueryCountTests extends ApiTest {

    private static final int ORDERS = 12;

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
    void orderListsRunTheSameQueriesForTwoOrdersAsForTwelve() {
        String admin = adminToken();
        Shop shop = new Shop(api, admin);
        String sku = shop.productWithStock("4.50", 1000);
        String customer = customerToken();
        for (int i = 0; i < ORDERS; i++) {
            assertThat(shop.add(customer, sku, 1 + i % 3).status()).isEqualTo(200);
            var order = shop.checkout(customer, UUID.randomUUID().toString(), "tok_visa");
            assertThat(order.status()).as(order.toString()).isEqualTo(201);
        }

        int small = queries("/api/orders?limit=2", customer, 2);
        int large = queries("/api/orders?limit=" + ORDERS, customer, ORDERS);
        int adminSmall = queries("/api/admin/orders?limit=2", admin, 2);
        int adminLarge = queries("/api/admin/orders?limit=" + ORDERS, admin, ORDERS);

        assertThat(small).as("the counter sees the list's own query").isPositive();
        assertThat(adminSmall).as("the counter sees the admin list's own query").isPositive();
        assertThat(large).as("queries for a page of %d vs a page of 2", ORDERS).isEqualTo(small);
        assertThat(adminLarge).as("admin: queries for a page of %d vs a page of 2", ORDERS).isEqualTo(adminSmall);
        assertThat(large).as("queries for one page of orders").isLessThanOrEqualTo(2);
        assertThat(adminLarge).as("queries for one page of every customer's orders").isLessThanOrEqualTo(2);
    }

    /** Statements one request ran, measured on a second identical request (the first warms the token cache). */
    private int queries(String path, String token, int expectedItems) {
        assertThat(api.get(path, token).status()).isEqualTo(200);
        statements.reset();
        var page = api.get(path, token);
        int count = statements.count();
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        assertThat(page.json().get("items").size()).isEqualTo(expectedItems);
        return count;
    }
}
