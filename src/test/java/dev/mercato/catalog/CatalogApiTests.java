package dev.mercato.catalog;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import dev.mercato.support.ApiTest;

import static dev.mercato.support.Products.product;
import static dev.mercato.support.Products.variant;
import static dev.mercato.support.Products.with;
import static org.assertj.core.api.Assertions.assertThat;

class CatalogApiTests extends ApiTest {

    @Autowired
    Catalog catalog;

    @Test
    void adminCreatesAProductThatShoppersSeeByIdAndBySlug() {
        String sku = unique("LAMP");
        var created = api.post("/api/admin/products", product("Arc Floor Lamp", "Lumen & Co", "home/lighting/floor-lamps", sku, "149.90"), adminToken());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode product = created.json();
        String id = product.get("id").asString();
        assertThat(created.header("Location")).isEqualTo("/api/products/" + id);
        assertThat(product.get("slug").asString()).startsWith("arc-floor-lamp");
        assertThat(product.get("category").asString()).isEqualTo("home/lighting/floor-lamps");
        assertThat(product.get("brand").asString()).isEqualTo("Lumen & Co");
        assertThat(product.get("attributes").get("dimensions").get("heightCm").asInt()).isEqualTo(150);
        JsonNode variant = product.get("variants").get(0);
        assertThat(variant.get("sku").asString()).isEqualTo(sku);
        assertThat(variant.get("price").asString()).isEqualTo("149.90");
        assertThat(variant.get("currency").asString()).isEqualTo("USD");

        var bySlug = api.get("/api/products/" + product.get("slug").asString(), null);
        assertThat(bySlug.status()).isEqualTo(200);
        assertThat(bySlug.json().get("id").asString()).isEqualTo(id);
        assertThat(api.get("/api/products/" + id, null).json().get("title").asString()).isEqualTo("Arc Floor Lamp");
    }

    @Test
    void productDetailCarriesAnEtagAndAnswers304WhenUnchanged() {
        String id = create(product("Etag Vase", "Vessel", "home/decor/vases", unique("VASE"), "30.00"));
        var first = api.get("/api/products/" + id, null);
        String etag = first.header("ETag");
        assertThat(etag).startsWith("\"");
        assertThat(first.header("Cache-Control")).contains("max-age=30").contains("public");

        var revalidated = api.get("/api/products/" + id, null, "If-None-Match", etag);
        assertThat(revalidated.status()).isEqualTo(304);
        assertThat(revalidated.body()).isEmpty();

        api.put("/api/admin/products/" + id, product("Etag Vase", "Vessel", "home/decor/vases", first.json().get("variants").get(0).get("sku").asString(), "35.00"), adminToken());
        var changed = api.get("/api/products/" + id, null, "If-None-Match", etag);
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().get("variants").get(0).get("price").asString()).isEqualTo("35.00");
    }

    @Test
    void browseFiltersByCategorySubtreeAndBrandAndPagesWithoutGapsOrRepeats() {
        String root = unique("dept");
        String brand = unique("Brand");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String category = root + (i % 2 == 0 ? "/chairs" : "/chairs/office");
            expected.add(create(product("Chair " + i, i < 5 ? brand : "Other " + brand, category, unique("CH"), "10.00")));
        }
        create(product("Elsewhere", brand, unique("elsewhere"), unique("EL"), "10.00"));

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var page = api.get("/api/products?category=" + root + "&limit=3" + (cursor == null ? "" : "&cursor=" + cursor), null);
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            page.json().get("items").forEach(item -> seen.add(item.get("id").asString()));
            JsonNode next = page.json().get("nextCursor");
            cursor = next == null || next.isNull() ? null : next.asString();
            pages++;
        } while (cursor != null);
        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(pages).isEqualTo(3);

        var office = api.get("/api/products?category=" + root + "/chairs/office", null).json().get("items");
        assertThat(office.size()).isEqualTo(3);

        var byBrand = api.get("/api/products?brand=" + brand, null).json().get("items");
        Set<String> brands = new HashSet<>();
        byBrand.forEach(item -> brands.add(item.get("brand").asString()));
        assertThat(byBrand.size()).isEqualTo(6);
        assertThat(brands).containsExactly(brand);

        var both = api.get("/api/products?category=" + root + "&brand=" + brand.toLowerCase(), null).json().get("items");
        assertThat(both.size()).isEqualTo(5);

        JsonNode summary = office.get(0);
        for (String field : List.of("id", "slug", "title", "brand", "category", "price", "currency", "rating", "reviewCount", "inStock", "imageUrl")) {
            assertThat(summary.has(field)).as(field).isTrue();
        }
    }

    @Test
    void unknownCategoryOrBrandGivesAnEmptyPage() {
        var page = api.get("/api/products?category=no/such/place", null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.json().get("items").size()).isZero();
        assertThat(api.get("/api/products?brand=" + unique("nobody"), null).json().get("items").size()).isZero();
    }

    @Test
    void categoryTreeNestsChildrenUnderTheirParents() {
        String root = unique("garden");
        create(product("Spade", "Dig", root + "/tools/spades", unique("SP"), "20.00"));
        JsonNode tree = api.get("/api/categories", null).json();
        JsonNode node = null;
        for (JsonNode candidate : tree) {
            if (candidate.get("path").asString().equals(root)) {
                node = candidate;
            }
        }
        assertThat(node).isNotNull();
        JsonNode tools = node.get("children").get(0);
        assertThat(tools.get("path").asString()).isEqualTo(root + "/tools");
        assertThat(tools.get("name").asString()).isEqualTo("Tools");
        assertThat(tools.get("children").get(0).get("path").asString()).isEqualTo(root + "/tools/spades");
    }

    @Test
    void replaceDeactivatesVariantsLeftOutAndKeepsTheirSkusReserved() {
        String keep = unique("KEEP");
        String drop = unique("DROP");
        var body = with(product("Two Variants", "Duo", "misc/duo", keep, "5.00"), "variants", List.of(variant(keep, "5.00"), variant(drop, "6.00")));
        String id = create(body);
        var replaced = api.put("/api/admin/products/" + id, product("Two Variants", "Duo", "misc/duo", keep, "5.50"), adminToken());
        assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
        assertThat(replaced.json().get("variants").size()).isEqualTo(1);
        assertThat(replaced.json().get("version").asLong()).isEqualTo(2);

        // the dropped SKU still belongs to this product, so another product cannot take it
        var thief = api.post("/api/admin/products", product("Thief", "Duo", "misc/duo", drop, "1.00"), adminToken());
        assertThat(thief.status()).isEqualTo(409);
        assertThat(thief.json().get("type").asString()).endsWith("/sku-taken");
    }

    @Test
    void replaceTakesTheEtagOfTheProductPageAsIfMatchAndRefusesAStaleOneWith412() {
        String sku = unique("VER");
        String id = create(product("Versioned", "V", "misc/v", sku, "1.00"));
        String read = api.get("/api/products/" + id, null).header("ETag");

        var first = api.put("/api/admin/products/" + id, product("Versioned 2", "V", "misc/v", sku, "1.00"), adminToken(), "If-Match", read);
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.header("ETag")).isNotEqualTo(read).isEqualTo(api.get("/api/products/" + id, null).header("ETag"));

        var stale = api.put("/api/admin/products/" + id, product("Versioned 3", "V", "misc/v", sku, "1.00"), adminToken(), "If-Match", read);
        assertThat(stale.status()).as(stale.toString()).isEqualTo(412);
        assertThat(stale.json().get("type").asString()).endsWith("/precondition-failed");
        assertThat(api.get("/api/products/" + id, null).json().get("title").asString()).isEqualTo("Versioned 2");

        var listed = api.put("/api/admin/products/" + id, product("Versioned 3", "V", "misc/v", sku, "1.00"), adminToken(),
                "If-Match", "\"other\", " + first.header("ETag"));
        assertThat(listed.status()).as("one of several tags matches").isEqualTo(200);
    }

    @Test
    void ifMatchComparesStronglyAndTellsAMalformedHeaderFromAMismatch() {
        String sku = unique("IFM");
        String id = create(product("Conditional", "C", "misc/c", sku, "1.00"));
        String current = api.get("/api/products/" + id, null).header("ETag");
        var draft = product("Conditional 2", "C", "misc/c", sku, "1.00");

        assertThat(api.put("/api/admin/products/" + id, draft, adminToken(), "If-Match", "\"1\"").status())
                .as("the version number is not the entity tag").isEqualTo(412);
        assertThat(api.put("/api/admin/products/" + id, draft, adminToken(), "If-Match", "W/" + current).status())
                .as("a weak tag never matches strongly").isEqualTo(412);
        var malformed = api.put("/api/admin/products/" + id, draft, adminToken(), "If-Match", "garbage");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("type").asString()).endsWith("/invalid-if-match");
        assertThat(api.get("/api/products/" + id, null).header("ETag")).as("nothing was written").isEqualTo(current);

        assertThat(api.put("/api/admin/products/" + id, draft, adminToken(), "If-Match", "*").status()).isEqualTo(200);
        assertThat(api.put("/api/admin/products/999999999", draft, adminToken(), "If-Match", "*").status())
                .as("* needs a current product").isEqualTo(412);
    }

    @Test
    void deactivateTakesIfMatchToo() {
        String id = create(product("Guarded", "G", "misc/g", unique("GRD"), "1.00"));
        String read = api.get("/api/products/" + id, null).header("ETag");
        api.put("/api/admin/products/" + id, product("Guarded 2", "G", "misc/g", unique("GRD"), "1.00"), adminToken());

        assertThat(api.send(api.request("/api/admin/products/" + id, adminToken(), "If-Match", read).DELETE().build()).status()).isEqualTo(412);
        assertThat(api.get("/api/products/" + id, null).status()).as("still shown").isEqualTo(200);
        String fresh = api.get("/api/products/" + id, null).header("ETag");
        assertThat(api.send(api.request("/api/admin/products/" + id, adminToken(), "If-Match", fresh).DELETE().build()).status()).isEqualTo(204);
        assertThat(api.get("/api/products/" + id, null).status()).isEqualTo(404);
    }

    @Test
    void availabilityFollowsStockWhileTheCatalogsProductDataDoesNot() {
        String sku = unique("AVL");
        String id = create(product("Stocked", "S", "misc/s", sku, "1.00"));
        var before = api.get("/api/products/" + id, null);
        assertThat(before.json().get("variants").get(0).get("available").asLong()).isZero();
        ProductDetails catalogData = catalog.product(id).orElseThrow();

        String warehouse = unique("wh");
        assertThat(api.post("/api/admin/warehouses", Map.of("code", warehouse, "name", "W", "priority", 1), adminToken()).status()).isEqualTo(201);
        assertThat(api.put("/api/admin/stock/" + sku + "/" + warehouse, Map.of("quantity", 5), adminToken()).status()).isEqualTo(200);

        var after = api.get("/api/products/" + id, null, "If-None-Match", before.header("ETag"));
        assertThat(after.status()).as("stock is part of the page, so its validator changed").isEqualTo(200);
        assertThat(after.json().get("variants").get(0).get("available").asLong()).isEqualTo(5);
        assertThat(api.get("/api/products/" + id, null, "If-None-Match", after.header("ETag")).status()).isEqualTo(304);
        assertThat(catalog.product(id).orElseThrow()).as("product data, cacheable by product events alone").isEqualTo(catalogData);
        assertThat(catalogData.variants().getFirst().available()).isNull();
    }

    @Test
    void aPriceWithThreeDecimalsIsAValidationProblemOnThePriceAndWritesNothing() {
        String sku = unique("MILLS");
        long before = count("products");

        var refused = api.post("/api/admin/products", product("Mills", "M", "misc/m", sku, "9.999"), adminToken());

        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.json().get("type").asString()).endsWith("/validation");
        List<String> errors = new java.util.ArrayList<>();
        refused.json().get("errors").forEach(error -> errors.add(error.get("field").asString() + ": " + error.get("message").asString()));
        assertThat(errors).containsExactly("variants[0].price: must have at most two decimal places");
        assertThat(count("products")).isEqualTo(before);
        assertThat(jdbc.sql("SELECT count(*) FROM product_variants WHERE sku = :sku").param("sku", sku).query(Long.class).single()).isZero();
    }

    @Test
    void conflictingSlugOrSkuIs409AndWritesNothing() {
        String sku = unique("DUP");
        String id = create(with(product("Original", "O", "misc/o", sku, "1.00"), "slug", unique("original").toLowerCase()));
        String slug = api.get("/api/products/" + id, null).json().get("slug").asString();
        long before = count("products");

        var sameSlug = api.post("/api/admin/products", with(product("Copy", "O", "misc/o", unique("OTHER"), "1.00"), "slug", slug), adminToken());
        assertThat(sameSlug.status()).isEqualTo(409);
        assertThat(sameSlug.json().get("type").asString()).endsWith("/slug-taken");

        var sameSku = api.post("/api/admin/products", product("Copy", "O", "misc/o", sku, "1.00"), adminToken());
        assertThat(sameSku.status()).isEqualTo(409);
        assertThat(count("products")).isEqualTo(before);
    }

    @Test
    void titlesWithTheSameSlugGetDistinctSlugs() {
        String first = create(product("Same Title", "S", "misc/s", unique("S1"), "1.00"));
        String second = create(product("Same Title", "S", "misc/s", unique("S2"), "1.00"));
        assertThat(api.get("/api/products/" + first, null).json().get("slug").asString())
                .isNotEqualTo(api.get("/api/products/" + second, null).json().get("slug").asString());
    }

    @Test
    void deactivatedProductsDisappearFromShoppersButStayInTheDatabase() {
        String root = unique("gone");
        String id = create(product("Soon Gone", "G", root, unique("GONE"), "1.00"));
        assertThat(api.delete("/api/admin/products/" + id, adminToken()).status()).isEqualTo(204);
        assertThat(api.get("/api/products/" + id, null).status()).isEqualTo(404);
        assertThat(api.get("/api/products?category=" + root, null).json().get("items").size()).isZero();
        assertThat(jdbc.sql("SELECT active FROM products WHERE id = :id").param("id", Long.parseLong(id)).query(Boolean.class).single()).isFalse();
        assertThat(api.delete("/api/admin/products/" + id, adminToken()).status()).isEqualTo(204);
        assertThat(api.delete("/api/admin/products/999999999", adminToken()).status()).isEqualTo(404);
    }

    @Test
    void unknownProductIs404Problem() {
        var missing = api.get("/api/products/no-such-product", null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("Content-Type")).startsWith("application/problem+json");
        assertThat(api.get("/api/products/99999999999999999999999", null).status()).isEqualTo(404);
    }

    private String create(Map<String, Object> body) {
        var created = api.post("/api/admin/products", body, adminToken());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asString();
    }
}
