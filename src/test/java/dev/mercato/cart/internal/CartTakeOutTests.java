package dev.mercato.cart.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import dev.mercato.support.ApiTest;
import dev.mercato.support.Shop;

/**
 * What a paid order takes out of its cart ({@link CartRows#takeOut}, one statement): the ordered
 * units; a line the shopper added to while paying keeps the rest, a line ordered in full goes, and a
 * SKU no longer in the cart changes nothing.
 */
class CartTakeOutTests extends ApiTest {

    @Autowired
    CartRows carts;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void theOrderedUnitsLeaveAndWhatWasAddedMeanwhileStays() {
        Shop shop = new Shop(api, adminToken());
        String kept = shop.productWithStock("2.00", 10);
        String gone = shop.productWithStock("3.00", 10);
        String absent = shop.productWithStock("4.00", 10);
        String guest = shop.guest();
        assertThat(shop.add(guest, kept, 3).status()).isEqualTo(200);
        assertThat(shop.add(guest, gone, 1).status()).isEqualTo(200);
        UUID cart = UUID.fromString(api.get("/api/cart", guest).json().get("id").asString());

        transactions.executeWithoutResult(tx -> {
            assertThat(carts.lockTouching(cart, java.time.Instant.now())).isTrue();
            carts.takeOut(cart, Map.of(kept, 2, gone, 1, absent, 1));
        });

        assertThat(carts.items(cart)).containsExactly(Map.entry(kept, 1));
    }
}
