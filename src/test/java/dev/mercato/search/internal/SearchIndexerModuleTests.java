package dev.mercato.search.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.ApplicationModuleTest.BootstrapMode;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import dev.mercato.catalog.ProductId;
import dev.mercato.catalog.ProductsChanged;
import dev.mercato.inventory.StockChanged;
import dev.mercato.platform.security.AccessTokens;
import dev.mercato.search.SearchQuery;

/**
 * The search module with only what it depends on (catalog, platform, and inventory, which search
 * only hears from by event, so Modulith would leave it out; the catalog asks it for stock): a catalog event
 * or a stock event reaches the index through the indexer, which re-reads the catalog rather than
 * trusting the event.
 */
@ApplicationModuleTest(mode = BootstrapMode.DIRECT_DEPENDENCIES, extraIncludes = "inventory")
@ActiveProfiles("test")
class SearchIndexerModuleTests {

    /** Tokens are the customers module's, which search does not depend on; no request is made here. */
    @MockitoBean
    AccessTokens tokens;

    @Autowired
    ProductIndex index;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aProductTheCatalogNoLongerHasLeavesTheIndexWhenItsChangeArrives(Scenario scenario) {
        long id = 987_654_321L;
        String word = "zqxorphan" + System.nanoTime();
        index.upsert(List.of(new ProductDocument(id, "orphan-" + id, "Lamp " + word, "", "Brand", "brand", "home",
                new BigDecimal("10.00"), "USD", BigDecimal.ZERO, 0, true, null)));
        assertThat(index.query(SearchQuery.text(word)).total()).isEqualTo(1);

        scenario.publish(new ProductsChanged(List.of(new ProductId(id))))
                .andWaitForStateChange(() -> index.query(SearchQuery.text(word)).total(), total -> total == 0)
                .andVerify(total -> assertThat(total).isZero());
    }

    @Test
    void aStockChangeWritesItsProductsDocumentAgain(Scenario scenario) {
        String word = "zqxlamp" + System.nanoTime();
        String sku = productNobodyIndexed(word);
        assertThat(index.query(SearchQuery.text(word)).total()).isZero();

        scenario.publish(new StockChanged(sku, 5))
                .andWaitForStateChange(() -> index.query(SearchQuery.text(word)).total(), total -> total == 1)
                .andVerify(total -> assertThat(index.query(SearchQuery.text(word)).items())
                        .singleElement().satisfies(product -> assertThat(product.inStock()).isTrue()));
    }

    /** Written with SQL, so no catalog event announced it and only the stock event can bring it into the index. */
    private String productNobodyIndexed(String word) {
        return dev.mercato.support.SqlFixtures.sellableSku(jdbc, "Lamp " + word, 5);
    }
}
