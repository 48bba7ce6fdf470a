package dev.mercato.cart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.ApplicationModuleTest.BootstrapMode;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.transaction.support.TransactionTemplate;

import dev.mercato.cart.Carts.CartContents;
import dev.mercato.customers.GuestSessionClaimed;
import dev.mercato.inventory.Inventory;
import dev.mercato.platform.security.AccessTokens;
import dev.mercato.platform.security.Caller;

/**
 * The cart module with the modules it calls (catalog, inventory, platform): when the
 * customers module announces that a guest logged in, the guest's cart and its holds move to the
 * customer, lines of the same SKU added together.
 */
@ApplicationModuleTest(mode = BootstrapMode.DIRECT_DEPENDENCIES, extraIncludes = "promotions")
@ActiveProfiles("test")
class CartMergeModuleTests {

    /** The customers module only sends the event here, so it is not bootstrapped; no request is made. */
    @MockitoBean
    AccessTokens tokens;

    @Autowired
    Carts carts;

    @Autowired
    Inventory inventory;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void aClaimedGuestCartMovesToTheCustomerWithItsHolds(Scenario scenario) {
        String sku = sellableSku(10);
        UUID customerId = UUID.randomUUID();
        Caller guest = new Caller(UUID.randomUUID(), null, Set.of(Caller.ROLE_GUEST));
        Caller customer = new Caller(UUID.randomUUID(), customerId, Set.of(Caller.ROLE_CUSTOMER));
        carts.addItem(guest, sku, 2);
        carts.addItem(customer, sku, 1);

        scenario.publish(new GuestSessionClaimed(guest.sessionId(), customerId))
                .andWaitForStateChange(() -> contents(guest).isEmpty() ? contents(customer) : Optional.<CartContents>empty(),
                        Optional::isPresent)
                .andVerify(merged -> {
                    CartContents cart = merged.orElseThrow();
                    assertThat(cart.quantities()).isEqualTo(Map.of(sku, 3));
                    assertThat(inventory.held(cart.holdOwner())).extractingByKey(sku)
                            .extracting(Inventory.Held::quantity).isEqualTo(3);
                    assertThat(inventory.available(sku)).as("merging moves holds, it takes no stock").isEqualTo(7);
                });
    }

    private Optional<CartContents> contents(Caller caller) {
        return transactions.execute(tx -> carts.lockForCheckout(dev.mercato.platform.commerce.Owner.of(caller)));
    }

    private String sellableSku(int quantity) {
        return dev.mercato.support.SqlFixtures.sellableSku(jdbc, "Test lamp", quantity);
    }
}
