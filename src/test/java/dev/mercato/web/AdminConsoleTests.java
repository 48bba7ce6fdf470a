package dev.mercato.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.logging.LogEntry;

import dev.mercato.support.ApiTest;
import dev.mercato.support.Browser;
import dev.mercato.support.Searches;
import dev.mercato.support.Shop;

import static dev.mercato.support.Products.product;
import static dev.mercato.support.Products.variant;
import static dev.mercato.support.Products.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An operator works through the console in a real Chromium: every step is done in the page, and its
 * effect is checked through the API or the database, not only on the screen. Screenshots of each
 * step go to {@code target/screenshots/admin-console/} and {@code admin-console-phone/}.
 */
class AdminConsoleTests extends ApiTest {

    private String admin;
    private Shop shop;

    @BeforeEach
    void setUp() {
        admin = adminToken();
        shop = new Shop(api, admin);
    }

    @Test
    void anOperatorEditsAProductAdjustsStockImportsRunsAFlashSaleReadsTheChartsAndShipsAnOrder() throws IOException {
        String word = Searches.word();
        String sku = "CON-" + UUID.randomUUID().toString().substring(0, 8);
        String title = "Console Lamp " + word;
        var created = api.post("/api/admin/products", with(product(title, "Lumen", "home/console-test", sku, "20.00"),
                "variants", List.of(variant(sku, "20.00"))), admin);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String productId = created.json().get("id").asString();
        api.post("/api/admin/warehouses", Map.of("code", "wh-0", "name", "Warehouse 0", "priority", 0), admin);
        assertThat(api.put("/api/admin/stock/" + sku + "/wh-0", Map.of("quantity", 10), admin).status()).isEqualTo(200);
        new Searches(api).awaitOne(word, hit -> hit.get("id").asString().equals(productId));
        String orderId = guestOrder(sku);

        try (var browser = Browser.open(port(), Browser.DESKTOP, "admin-console")) {
            var console = new AdminConsolePage(browser);

            browser.go("/admin#/orders");
            browser.visible("#login-form");
            browser.screenshot("login-form");
            console.login(ADMIN_EMAIL, ADMIN_PASSWORD);
            assertThat(browser.driver().getCurrentUrl()).as("back where the visitor was going").endsWith("#/orders");
            browser.visible("a[data-order='" + orderId + "']");
            browser.screenshot("orders");
            browser.go("/admin#/orders?status=shipped");
            browser.visible("#order-list");
            assertThat(browser.all("a[data-order='" + orderId + "']")).as("a paid order is not listed as shipped").isEmpty();

            console.openProduct(word, title);
            browser.screenshot("product-editor");
            console.editProduct(title + " Edited", sku, "18.50");
            browser.screenshot("product-saved");
            var page = api.get("/api/products/" + productId, null).json();
            assertThat(page.get("title").asString()).isEqualTo(title + " Edited");
            assertThat(page.get("variants").get(0).get("price").asString()).isEqualTo("18.50");
            assertThat(page.get("description").asString()).as("fields the form does not show are kept").startsWith("A console lamp");

            long before = level(sku, "quantity");
            long availableBefore = level(sku, "available");
            console.adjustStock(sku, "wh-0", 5, "found in the back", availableBefore + 5);
            browser.screenshot("stock-adjusted");
            assertThat(level(sku, "quantity")).isEqualTo(before + 5);
            assertThat(jdbc.sql("SELECT count(*) FROM stock_movements WHERE sku = :sku AND kind IN ('adjust', 'restock') AND quantity_delta = 5 AND reason = 'found in the back'")
                    .param("sku", sku).query(Long.class).single()).isEqualTo(1);

            String importWord = Searches.word();
            List<String> importedSkus = List.of("IMP-" + importWord + "-1", "IMP-" + importWord + "-2", "IMP-" + importWord + "-3");
            Path file = importFile(importWord, importedSkus);
            assertThat(console.importFile(file)).isEqualTo("completed");
            assertThat(browser.visible("#job-status").getText()).contains("4 of 4 processed", "1 failed");
            assertThat(browser.visible("#job-errors").getText()).contains("line 4");
            Object progress = browser.script("const p = document.getElementById('job-progress'); return p.value === p.max;");
            assertThat(progress).as("the progress bar is full").isEqualTo(true);
            assertThat(console.awaitNotice("Imported")).isEqualTo("Imported 3 of 4 lines.");
            browser.screenshot("import-finished");
            assertThat(jdbc.sql("SELECT count(*) FROM product_variants WHERE sku IN (:skus)").param("skus", importedSkus)
                    .query(Long.class).single()).isEqualTo(3);

            long imported = jdbc.sql("SELECT product_id FROM product_variants WHERE sku = :sku").param("sku", importedSkus.get(0))
                    .query(Long.class).single();
            console.open("products/" + imported);
            browser.visible("#product-form");
            console.deactivateProduct();
            browser.screenshot("product-deactivated");
            assertThat(jdbc.sql("SELECT active FROM products WHERE id = :id").param("id", imported).query(Boolean.class).single()).isFalse();
            assertThat(api.get("/api/products/" + imported, null).status()).isEqualTo(404);

            console.createFlashSale(sku, "9.99", 20, 3);
            console.awaitFlashSaleRow(sku, "20 of 20");
            String sale = jdbc.sql("SELECT id::text FROM flash_sales WHERE sku = :sku").param("sku", sku).query(String.class).single();
            assertThat(jdbc.sql("SELECT quantity FROM flash_sales WHERE id = :id::uuid").param("id", sale).query(Integer.class).single())
                    .isEqualTo(20);
            var claim = api.post("/api/flash-sales/" + sale + "/claims", Map.of("quantity", 2), customerToken());
            assertThat(claim.status()).as(claim.toString()).isEqualTo(200);
            console.awaitFlashSaleRow(sku, "18 of 20");
            browser.screenshot("flash-sale-monitor");

            await().atMost(Searches.INDEXED_WITHIN).until(() -> api.get("/api/admin/analytics/sales?granularity=hour", admin)
                    .json().get("points").size() > 0);
            console.open("sales");
            browser.visible("#chart-orders");
            assertThat(browser.all("#chart-orders rect.bar")).hasSize(24);
            assertThat(browser.all("#chart-revenue rect.bar")).hasSize(24);
            assertThat(browser.visible("#sales-totals").getText()).doesNotStartWith("0 orders");
            Object tallest = browser.script("return Math.max(...[...document.querySelectorAll('#chart-orders rect.bar')]"
                    + ".map(r => Number(r.getAttribute('height'))));");
            assertThat(((Number) tallest).doubleValue()).as("the hour of the test's order has a visible bar").isGreaterThan(10);
            browser.screenshot("sales-chart");

            console.shipOrder(orderId, "TRACK-" + word);
            browser.screenshot("order-shipped");
            var order = api.get("/api/admin/orders/" + orderId, admin).json();
            assertThat(order.get("status").asString()).isEqualTo("shipped");
            assertThat(order.get("tracking").get("trackingNumber").asString()).isEqualTo("TRACK-" + word);
            assertThat(jdbc.sql("SELECT status FROM orders WHERE id = :id::uuid").param("id", orderId).query(String.class).single())
                    .isEqualTo("shipped");

            browser.driver().findElement(By.linkText("Payments of this order")).click();
            browser.visible("#payments-summary");
            assertThat(browser.visible("#payments-result table").getText()).contains("capture");
            browser.screenshot("payments-audit");

            console.open("search");
            browser.visible("#search-status dl");
            browser.visible("#reindex").click();
            browser.await("the reindex finished", d -> "completed".equals(d.findElement(By.id("reindex-job")).getDomAttribute("data-status")));
            browser.screenshot("search-reindexed");

            browser.assertNoConsoleErrors();
        }
    }

    @Test
    void theConsoleFitsAPhoneAndRefusesAWrongPassword() {
        String sku = shop.productWithStock("12.00", 4, 6);
        try (var browser = Browser.open(port(), Browser.PHONE, "admin-console-phone")) {
            var console = new AdminConsolePage(browser);
            browser.go("/admin");
            assertThat(console.submitLogin(ADMIN_EMAIL, "not-the-password")).isEqualTo("Wrong email or password.");
            browser.screenshot("wrong-password");
            assertThat(browser.script("return localStorage.getItem('mercato.admin.token');")).isNull();
            console.login(ADMIN_EMAIL, ADMIN_PASSWORD);
            assertThat(browser.script("return localStorage.getItem('mercato.admin.token');")).isNotNull();
            for (String route : List.of("products", "stock/" + sku, "orders", "flash-sales", "payments", "sales", "search")) {
                console.open(route);
                browser.screenshot(route.split("/")[0]);
                assertThat(browser.overflowsHorizontally()).as(route + " is wider than a phone").isFalse();
            }
            browser.script("document.querySelector('a.skip').focus();");
            var skip = browser.driver().switchTo().activeElement();
            assertThat(skip.getText()).as("the skip link shows when focused").isEqualTo("Skip to content");
            skip.sendKeys(org.openqa.selenium.Keys.ENTER);
            assertThat(browser.script("return document.activeElement.id;")).isEqualTo("app");
            assertThat(browser.driver().getCurrentUrl()).as("the skip link keeps the route").endsWith("#/search");
            browser.visible("#sign-out").click();
            browser.visible("#login-form");
            assertThat(browser.script("return localStorage.getItem('mercato.admin.token');")).isNull();
            // the refused login is the one error the console may log (the browser reports the 401 itself)
            assertThat(browser.consoleErrors()).extracting(LogEntry::getMessage)
                    .allSatisfy(message -> assertThat(message).contains("/api/auth/login").contains("401"));
        }
    }

    private String guestOrder(String sku) {
        String guest = shop.guest();
        var cart = shop.add(guest, sku, 1);
        assertThat(cart.status()).as(cart.toString()).isEqualTo(200);
        var order = shop.checkout(guest, UUID.randomUUID().toString(), "tok_visa");
        assertThat(order.status()).as(order.toString()).isEqualTo(201);
        assertThat(order.json().get("status").asString()).isEqualTo("paid");
        return order.json().get("id").asString();
    }

    private long level(String sku, String field) {
        var levels = api.get("/api/admin/stock/" + sku, admin).json();
        for (var level : levels) {
            if (level.get("warehouse").asString().equals("wh-0")) {
                return level.get(field).asLong();
            }
        }
        throw new AssertionError("no stock of " + sku + " in wh-0: " + levels);
    }

    private static Path importFile(String word, List<String> skus) throws IOException {
        var lines = new StringBuilder();
        for (int i = 0; i < skus.size(); i++) {
            lines.append("""
                    {"title":"Imported %s %d","brand":"Importa","category":"home/console-test","description":"imported",\
                    "variants":[{"sku":"%s","title":"one","price":"5.00","currency":"USD"}]}
                    """.formatted(word, i, skus.get(i)));
        }
        lines.append("{\"title\":\"\",\"brand\":\"Importa\"}\n");
        Path file = Files.createTempFile("console-import-", ".jsonl");
        Files.writeString(file, lines);
        return file;
    }
}
