package dev.mercato.pricing;

import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.mercato.platform.commerce.Owner;
import dev.mercato.support.ApiTest;

import static dev.mercato.support.Products.product;
import static org.assertj.core.api.Assertions.assertThat;

/** Quotes take catalog prices from region {@code pricing-skus}; a committed price change is on the very next quote. */
class CachedQuotePricesTests extends ApiTest {

    @Autowired
    Pricing pricing;

    @Autowired
    MeterRegistry meters;

    @Test
    void aPriceChangedThroughTheAdminApiIsOnTheNextQuote() {
        String sku = unique("PRC");
        var created = api.post("/api/admin/products", product("Priced Jug", "Jugs", "home/jugs", sku, "10.00"), adminToken());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();
        Owner owner = Owner.session(UUID.randomUUID());

        assertThat(unitPrice(owner, sku)).isEqualTo("10.00");
        double hits = hits();
        assertThat(unitPrice(owner, sku)).isEqualTo("10.00");
        assertThat(hits() - hits).as("the second quote's catalog price came from the cache").isEqualTo(1);

        var changed = api.put("/api/admin/products/" + id, product("Priced Jug", "Jugs", "home/jugs", sku, "12.50"), adminToken());
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(unitPrice(owner, sku)).as("the very next quote").isEqualTo("12.50");
    }

    private String unitPrice(Owner owner, String sku) {
        return pricing.quote(owner, Map.of(sku, 1), null).lines().getFirst().unitPrice().amount().toPlainString();
    }

    private double hits() {
        FunctionCounter counter = meters.find("cache.gets").tag("cache", "pricing-skus").tag("result", "hit").functionCounter();
        return counter == null ? 0 : counter.count();
    }
}
