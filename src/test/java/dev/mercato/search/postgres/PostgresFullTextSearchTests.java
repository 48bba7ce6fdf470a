package dev.mercato.search.postgres;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.mercato.catalog.ProductSummary;
import dev.mercato.search.SearchFacets;
import dev.mercato.search.SearchQuery;
import dev.mercato.search.SearchResult;
import dev.mercato.search.internal.SynonymRules;
import dev.mercato.support.Api;
import dev.mercato.support.ApiTest;
import dev.mercato.support.Shop;

import static dev.mercato.support.Products.product;
import static dev.mercato.support.Products.variant;
import static dev.mercato.support.Products.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The fallback search against the real schema. Every query is scoped to a category tree of its own test. */
class PostgresFullTextSearchTests extends ApiTest {

    @Autowired
    PostgresFullTextSearch search;

    private String admin;
    private String root;
    private String brand;

    @BeforeEach
    void setUp() {
        admin = adminToken();
        root = unique("pgsearch");
        brand = unique("Brand");
    }

    @Test
    void aTitleMatchOutranksADescriptionOnlyMatch() {
        create(with(product("Reading Light", brand, root, unique("SKU"), "10.00"), "description", "A soft lamp for long nights."));
        create(with(product("Brass Lamp", brand, root, unique("SKU"), "10.00"), "description", "Warm and bright."));

        SearchResult result = search.search(query("lamp"));

        assertThat(titles(result)).containsExactly("Brass Lamp", "Reading Light");
        assertThat(result.engine()).isEqualTo("postgres");
        assertThat(result.fallback()).isTrue();
        assertThat(result.facets()).isEqualTo(SearchFacets.NONE);
        assertThat(result.pageSize()).isEqualTo(20);
    }

    @Test
    void englishStemmingMatchesOtherFormsOfAWord() {
        create(product("Desk Lamps", brand, root, unique("SKU"), "10.00"));
        create(product("Lamp Shade", brand, root, unique("SKU"), "10.00"));

        assertThat(titles(search.search(query("lamp")))).containsExactlyInAnyOrder("Desk Lamps", "Lamp Shade");
        assertThat(titles(search.search(query("LAMPS")))).containsExactlyInAnyOrder("Desk Lamps", "Lamp Shade");
    }

    @Test
    void aWordAlsoFindsItsSynonyms() {
        create(product("Leather Couch", brand, root, unique("SKU"), "10.00"));
        create(product("Velvet Sofa", brand, root, unique("SKU"), "10.00"));
        create(product("Oak Table", brand, root, unique("SKU"), "10.00"));

        assertThat(titles(search.search(query("sofa")))).containsExactlyInAnyOrder("Leather Couch", "Velvet Sofa");
        assertThat(titles(search.search(query("Settee!")))).containsExactlyInAnyOrder("Leather Couch", "Velvet Sofa");
        assertThat(titles(search.search(query("leather sofa")))).containsExactly("Leather Couch");
    }

    @Test
    void everyWordOfTheTextIsRequired() {
        create(product("Red Chair", brand, root, unique("SKU"), "10.00"));
        create(product("Blue Chair", brand, root, unique("SKU"), "10.00"));

        assertThat(titles(search.search(query("red chair")))).containsExactly("Red Chair");
        assertThat(titles(search.search(query("the chair")))).containsExactlyInAnyOrder("Red Chair", "Blue Chair");
        assertThat(search.search(query("red chair green")).items()).isEmpty();
    }

    @Test
    void wordsPastTheSynonymLimitAreStillRequired() {
        List<String> words = IntStream.rangeClosed(1, FullTextStatement.MAX_EXPANDED_WORDS + 8).mapToObj(i -> "w" + i).toList();
        create(with(product("Wordy", brand, root, unique("SKU"), "10.00"), "description", String.join(" ", words)));

        assertThat(titles(search.search(query(String.join(" ", words))))).containsExactly("Wordy");
        List<String> lastWordMissing = new ArrayList<>(words);
        lastWordMissing.set(words.size() - 1, "w999");
        assertThat(search.search(query(String.join(" ", lastWordMissing))).items()).isEmpty();
    }

    @Test
    void blankTextMatchesEveryActiveProductRankedByTheBusinessBoosts() {
        create(product("Plain", brand, root, unique("SKU"), "10.00"));
        create(with(with(product("Loved", brand, root, unique("SKU"), "10.00"), "rating", new BigDecimal("4.8")), "reviewCount", 900));
        String gone = create(product("Withdrawn", brand, root, unique("SKU"), "10.00"));
        assertThat(api.delete("/api/admin/products/" + gone, admin).status()).isEqualTo(204);

        SearchResult result = search.search(new SearchQuery("  ", root, List.of(), null, null, null, false, 0));

        assertThat(titles(result)).containsExactly("Loved", "Plain");
        assertThat(result.total()).isEqualTo(2);
    }

    @Test
    void categoryFilterTakesTheSubtreeAndNothingElse() {
        create(product("Lamp Here", brand, root + "/lights", unique("SKU"), "10.00"));
        create(product("Lamp Below", brand, root + "/lights/desk", unique("SKU"), "10.00"));
        create(product("Lamp Beside", brand, root + "/lights-extra", unique("SKU"), "10.00"));
        create(product("Lamp Above", brand, root, unique("SKU"), "10.00"));

        assertThat(titles(search.search(query("lamp").withCategory(root + "/lights"))))
                .containsExactlyInAnyOrder("Lamp Here", "Lamp Below");
        assertThat(titles(search.search(query("lamp").withCategory(root + "/lights/desk")))).containsExactly("Lamp Below");
        // LIKE wildcards in the shopper's path are plain characters, not patterns
        assertThat(search.search(query("lamp").withCategory(root + "/%")).items()).isEmpty();
        assertThat(search.search(query("lamp").withCategory(root + "/lights_extra")).items()).isEmpty();
    }

    @Test
    void brandFilterTakesSeveralBrandsByNameOrSlugIgnoringCase() {
        String lumen = "Lumen & Co " + brand;
        String nord = "Nord Lys " + brand;
        create(product("Lamp One", lumen, root, unique("SKU"), "10.00"));
        create(product("Lamp Two", nord, root, unique("SKU"), "10.00"));
        create(product("Lamp Three", "Other " + brand, root, unique("SKU"), "10.00"));
        String nordSlug = jdbc.sql("SELECT slug FROM brands WHERE name = :name").param("name", nord).query(String.class).single();

        SearchResult result = search.search(query("lamp").withBrands(List.of(lumen.toUpperCase(), nordSlug)));

        assertThat(titles(result)).containsExactlyInAnyOrder("Lamp One", "Lamp Two");
        assertThat(result.items()).extracting(ProductSummary::brand).containsExactlyInAnyOrder(lumen, nord);
        assertThat(titles(search.search(query("lamp").withBrands(List.of(nord.toLowerCase()))))).containsExactly("Lamp Two");
    }

    @Test
    void priceRangeIsInclusiveOnTheLowestActiveVariantPrice() {
        create(product("Lamp Cheap", brand, root, unique("SKU"), "9.99"));
        create(product("Lamp Low", brand, root, unique("SKU"), "10.00"));
        create(product("Lamp High", brand, root, unique("SKU"), "20.00"));
        create(product("Lamp Dear", brand, root, unique("SKU"), "20.01"));
        String dropped = unique("SKU");
        String kept = unique("SKU");
        String repriced = create(with(product("Lamp Repriced", brand, root, kept, "15.00"), "variants",
                List.of(variant(dropped, "5.00"), variant(kept, "15.00"))));
        var replaced = api.put("/api/admin/products/" + repriced, product("Lamp Repriced", brand, root, kept, "15.00"), admin);
        assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);

        SearchResult result = search.search(query("lamp").withPrice(new BigDecimal("10.00"), new BigDecimal("20")));

        assertThat(titles(result)).containsExactlyInAnyOrder("Lamp Low", "Lamp High", "Lamp Repriced");
        assertThat(result.items()).filteredOn(item -> item.title().equals("Lamp Repriced"))
                .extracting(ProductSummary::price).containsExactly(new BigDecimal("15.00"));
        assertThat(titles(search.search(query("lamp").withPrice(null, new BigDecimal("9.99"))))).containsExactly("Lamp Cheap");
        assertThat(titles(search.search(query("lamp").withPrice(new BigDecimal("20.01"), null)))).containsExactly("Lamp Dear");
    }

    @Test
    void minRatingIsInclusiveAndLeavesOutUnratedProducts() {
        create(with(product("Lamp Fair", brand, root, unique("SKU"), "10.00"), "rating", new BigDecimal("3.9")));
        create(with(product("Lamp Good", brand, root, unique("SKU"), "10.00"), "rating", new BigDecimal("4.0")));
        create(with(product("Lamp Great", brand, root, unique("SKU"), "10.00"), "rating", new BigDecimal("4.5")));
        create(product("Lamp Unrated", brand, root, unique("SKU"), "10.00"));

        assertThat(titles(search.search(query("lamp").withMinRating(new BigDecimal("4.0")))))
                .containsExactly("Lamp Great", "Lamp Good");
    }

    @Test
    void inStockMeansSomeActiveVariantHasAnUnreservedUnit() {
        String warehouse = unique("wh");
        assertThat(api.post("/api/admin/warehouses", Map.of("code", warehouse, "name", "Search", "priority", 50), admin).status()).isEqualTo(201);
        String stocked = stocked("Lamp Stocked", warehouse, 5);
        stocked("Lamp Empty", warehouse, 0);
        create(product("Lamp Untracked", brand, root, unique("SKU"), "10.00"));
        String heldSku = stocked("Lamp Held", warehouse, 2);
        Shop shop = new Shop(api, admin);
        assertThat(shop.add(shop.guest(), heldSku, 2).status()).isBetween(200, 201);

        SearchResult all = search.search(query("lamp"));
        SearchResult inStock = search.search(query("lamp").withInStockOnly(true));

        assertThat(titles(all).getFirst()).as("in stock is boosted").isEqualTo("Lamp Stocked");
        assertThat(all.items()).filteredOn(item -> Boolean.TRUE.equals(item.inStock())).extracting(ProductSummary::title).containsExactly("Lamp Stocked");
        assertThat(titles(inStock)).containsExactly("Lamp Stocked");
        assertThat(inStock.items().getFirst().id()).isEqualTo(idOfSku(stocked));
    }

    @Test
    void pagesTwentyAtATimeAndCountsEveryMatch() {
        for (int i = 0; i < 45; i++) {
            create(product("Widget " + i, brand, root, unique("SKU"), "10.00"));
        }
        create(product("Gadget", brand, root, unique("SKU"), "10.00"));

        List<SearchResult> pages = IntStream.range(0, 4).mapToObj(page -> search.search(query("widget").withPage(page))).toList();

        assertThat(pages).extracting(page -> page.items().size()).containsExactly(20, 20, 5, 0);
        assertThat(pages).extracting(SearchResult::total).containsOnly(45L);
        assertThat(pages).extracting(SearchResult::page).containsExactly(0, 1, 2, 3);
        Set<String> seen = pages.stream().flatMap(page -> titles(page).stream()).collect(Collectors.toSet());
        assertThat(seen).hasSize(45).allMatch(title -> title.startsWith("Widget "));
    }

    @Test
    void hostileTextIsSearchedAsWords() {
        create(product("Drop Table Products", brand, root, unique("SKU"), "10.00"));
        create(product("Model B with C clamp", brand, root, unique("SKU"), "10.00"));

        assertThat(titles(search.search(query("'); DROP TABLE products; --")))).containsExactly("Drop Table Products");
        assertThat(titles(search.search(query("a & b | !c:*")))).containsExactly("Model B with C clamp");
        assertThat(titles(search.search(query("drop\0table")))).containsExactly("Drop Table Products");
        assertThat(search.search(query("drop").withBrands(List.of(brand + "\0")).withCategory(root + "\0")).items()).isEmpty();
        for (String text : List.of("&|!():*'\\", "\\", "''", ":*", "!", "(", "<->", "x <-> y", "%", "_")) {
            SearchResult result = search.search(query(text));
            assertThat(result.items()).as(text).isEmpty();
            assertThat(result.total()).as(text).isZero();
        }
        assertThat(count("products")).isPositive();
    }

    @Test
    void searchingTextUsesThePartialGinIndex() {
        if (count("products") < 3_000) {
            String lines = IntStream.range(0, 3_000).mapToObj(i -> Api.toJson(product("Filler " + i + " item " + (i % 97),
                    brand, root + "/filler", unique("SKU"), "10.00"))).collect(Collectors.joining("\n"));
            importLines(lines);
        }
        // VACUUM too: rows just imported wait in the GIN index's pending list, which the planner
        // prices as a sequential read, so on a table this small it would pick a sequential scan
        jdbc.sql("VACUUM ANALYZE products").update();
        FullTextStatement statement = FullTextStatement.of(SearchQuery.text("zyzzyva"), Synonyms.of(SynonymRules.NONE));

        String plan = String.join("\n", jdbc.sql("EXPLAIN " + statement.sql()).params(statement.params()).query(String.class).list());

        assertThat(plan).as(plan).contains("products_active_search").doesNotContain("Seq Scan on products");
    }

    private SearchQuery query(String text) {
        return SearchQuery.text(text).withCategory(root);
    }

    private String create(Map<String, Object> body) {
        var created = api.post("/api/admin/products", body, admin);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private String stocked(String title, String warehouse, long units) {
        String sku = unique("SKU");
        create(product(title, brand, root, sku, "10.00"));
        var set = api.put("/api/admin/stock/" + sku + "/" + warehouse, Map.of("quantity", units), admin);
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
        return sku;
    }

    private String idOfSku(String sku) {
        return jdbc.sql("SELECT product_id::text FROM product_variants WHERE sku = :sku").param("sku", sku).query(String.class).single();
    }

    private void importLines(String lines) {
        var accepted = api.send("/api/admin/products/import", "POST", "application/x-ndjson", lines, admin);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        String job = accepted.json().get("jobId").asString();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.get("/api/admin/jobs/" + job, admin).json().get("status").asString(), "completed"::equals);
    }

    private static List<String> titles(SearchResult result) {
        return result.items().stream().map(ProductSummary::title).toList();
    }
}
