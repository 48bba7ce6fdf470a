package dev.mercato.catalog.internal;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.mercato.catalog.internal.demo.DemoCatalog;
import dev.mercato.support.ApiTest;

import static org.assertj.core.api.Assertions.assertThat;

/** Every browse query is answered from an index, never by reading the whole product table. */
class BrowseQueryPlanTests extends ApiTest {

    @Autowired
    ProductImporter importer;
    @Autowired
    DraftValidator validator;
    @Autowired
    Categories categories;
    @Autowired
    Brands brands;

    @BeforeEach
    void enoughProductsForThePlannerToCare() {
        if (count("products") < 5_000) {
            DemoCatalog demo = new DemoCatalog(5_000, 7);
            importer.importNow(new ProductDraftIterator(demo.iterator(), validator), demo.size(), "test-catalog");
            jdbc.sql("ANALYZE").update();
        }
    }

    @Test
    void browsingEverythingUsesAnIndex() {
        assertNoSequentialScan(plan(false, false));
    }

    @Test
    void browsingACategorySubtreeUsesAnIndex() {
        List<Long> subtree = categories.subtreeIds("home");
        assertThat(subtree).isNotEmpty();
        assertNoSequentialScan(plan(true, false, "categoryIds", subtree.toArray(Long[]::new)));
    }

    @Test
    void browsingABrandUsesAnIndex() {
        long brand = brands.findId("Nordlys").orElseThrow();
        assertNoSequentialScan(plan(false, true, "brandId", brand));
        assertNoSequentialScan(plan(true, true, "brandId", brand, "categoryIds", categories.subtreeIds("electronics").toArray(Long[]::new)));
    }

    private String plan(boolean byCategory, boolean byBrand, Object... params) {
        var statement = jdbc.sql("EXPLAIN " + ProductQueries.browseSql(byCategory, byBrand))
                .param("afterId", 100L).param("limit", 21);
        for (int i = 0; i < params.length; i += 2) {
            statement = statement.param((String) params[i], params[i + 1]);
        }
        return String.join("\n", statement.query(String.class).list());
    }

    private static void assertNoSequentialScan(String plan) {
        assertThat(plan).as(plan).doesNotContain("Seq Scan on products");
    }
}
