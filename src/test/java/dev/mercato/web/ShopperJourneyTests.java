package dev.mercato.web;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;

import dev.mercato.orders.internal.OrderStreams;
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
 * A shopper in a real browser: search, narrow by a brand facet, open the product, add it to the
 * cart, pay with the sandbox's {@code tok_visa}, watch the order page say {@code paid}, and then
 * {@code shipped} once an admin ships it, pushed to the open page without a reload. At a phone's
 * width and at a desktop's, with a screenshot of every step, no console errors and no sideways
 * scrolling. And the same order page, its stream cut, keeps up by polling with If-None-Match.
 */
class ShopperJourneyTests extends ApiTest {

    @Autowired
    OrderStreams streams;

    private String admin;
    private Shop shop;

    @BeforeEach
    void setUp() {
        Browser.assumeInstalled();
        admin = adminToken();
        shop = new Shop(api, admin);
    }

    @Test
    void aShopperOnAPhoneSearchesBuysAndWatchesTheOrderShip() {
        journey(Browser.PHONE, "journey-phone");
    }

    @Test
    void aShopperOnADesktopSearchesBuysAndWatchesTheOrderShip() {
        journey(Browser.DESKTOP, "journey-desktop");
    }

    @Test
    void theOrderPageKeepsUpByPollingWhenItsStreamIsCut() {
        String sku = shop.productWithStock("9.50", 5);
        String shopper = shop.guest();
        assertThat(shop.add(shopper, sku, 1).status()).isEqualTo(200);
        var placed = shop.checkout(shopper, unique("key"), "tok_visa");
        assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
        String orderId = placed.json().get("id").asString();

        try (var browser = Browser.open(port(), Browser.PHONE, "order-polling")) {
            // the session is set on the origin before the shop's script runs (it would start a guest session)
            browser.go("/favicon.svg");
            browser.script("localStorage.setItem('mercato.token', arguments[0]);", shopper);
            browser.go("/#/orders/" + orderId);
            awaitStatus(browser, "paid");
            browser.await("the stream is live", d -> "stream".equals(liveMode(browser)));
            browser.script("window.__samePage = 'still here';");
            browser.screenshot("order-live");

            // later reconnects are refused by the browser, and the open stream is ended by the server
            ChromeDriver chrome = (ChromeDriver) browser.driver();
            chrome.executeCdpCommand("Network.enable", Map.of());
            chrome.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of("*/events*")));
            streams.stop();
            streams.start();

            browser.await("the page falls back to polling", d -> "polling".equals(liveMode(browser)));
            browser.await("an unchanged order answers 304 to the poll", d ->
                    Integer.parseInt(browser.visible("[data-testid=live-mode]").getDomAttribute("data-not-modified")) > 0);
            browser.screenshot("order-polling");
            shipAsAdmin(orderId);
            awaitStatus(browser, "shipped");
            assertThat(liveMode(browser)).isEqualTo("polling");
            assertThat(browser.script("return window.__samePage;")).as("no reload").isEqualTo("still here");
            browser.screenshot("order-shipped-by-polling");
            assertThat(browser.consoleErrors()).extracting(LogEntry::getMessage)
                    .as("console errors other than the blocked stream").allMatch(message -> message.contains("ERR_BLOCKED_BY_CLIENT"));
        }
    }

    @Test
    void aCartQuantityAboveTheStockSaysHowManyAreLeft() {
        String sku = shop.productWithStock("4.00", 2);
        String shopper = shop.guest();
        assertThat(shop.add(shopper, sku, 1).status()).isEqualTo(200);
        try (var browser = Browser.open(port(), Browser.PHONE, "cart-stock")) {
            browser.go("/favicon.svg");
            browser.script("localStorage.setItem('mercato.token', arguments[0]);", shopper);
            browser.go("/#/cart");
            var quantity = browser.visible("[data-testid=line-quantity]");
            quantity.clear();
            quantity.sendKeys("5", org.openqa.selenium.Keys.TAB);
            var message = browser.visible("[data-testid=insufficient-stock]");
            assertThat(message.getText()).contains("Only 2 of").contains("left");
            assertThat(message.getDomAttribute("role")).isEqualTo("alert");
            assertThat(browser.visible("[data-testid=line-quantity]").getDomProperty("value")).as("the cart as it is").isEqualTo("1");
            browser.screenshot("insufficient-stock");
            assertThat(browser.overflowsHorizontally()).isFalse();
        }
    }

    @Test
    void aCategoryLoadsTwelveProductsAtATimeWithLoadMore() {
        String category = "test/" + Searches.word().toLowerCase();
        for (int i = 0; i < 13; i++) {
            created(product("Browse item " + i, "Browsy", category, unique("SKU-B"), "3.00"));
        }
        try (var browser = Browser.open(port(), Browser.PHONE, "category")) {
            browser.go("/#/c/" + category);
            browser.await("the first page", d -> browser.all("[data-testid=product-card]").size() == 12);
            step(browser, "first-page");
            browser.visible("[data-testid=load-more]").click();
            browser.await("the second page", d -> browser.all("[data-testid=product-card]").size() == 13);
            browser.await("no further page", d -> !browser.all("[data-testid=load-more]").getFirst().isDisplayed());
            step(browser, "second-page");
            browser.assertNoConsoleErrors();
        }
    }

    @Test
    void aNewCustomerClaimsAFlashSaleUpToTheLimit() {
        String sku = shop.productWithStock("20.00", 50);
        var sale = api.post("/api/admin/flash-sales", Map.of("sku", sku, "price", "5.00",
                "startsAt", java.time.Instant.now().minusSeconds(60).toString(),
                "endsAt", java.time.Instant.now().plusSeconds(3600).toString(), "quantity", 10, "perCustomerLimit", 2), admin);
        assertThat(sale.status()).as(sale.toString()).isEqualTo(201);
        String saleId = sale.json().get("id").asString();
        try (var browser = Browser.open(port(), Browser.PHONE, "flash-sale")) {
            browser.go("/#/flash/" + saleId);
            browser.await("the units left", d -> "10".equals(browser.visible("[data-testid=flash-remaining]").getDomAttribute("data-remaining")));
            assertThat(browser.visible("[data-testid=flash-limit]").getText()).isEqualTo("Limit 2 per customer.");
            step(browser, "guest-sees-sale");

            browser.visible("[data-testid=flash-login] a[href*=register]").click();
            browser.visible("[data-testid=account-name]").sendKeys("Flash Buyer");
            browser.visible("[data-testid=account-email]").sendKeys(unique("flash") + "@example.com");
            browser.visible("[data-testid=account-password]").sendKeys("correct-horse-9");
            step(browser, "register");
            browser.visible("[data-testid=account-submit]").click();

            var quantity = browser.visible("[data-testid=flash-quantity]");
            assertThat(quantity.getDomProperty("max")).isEqualTo("2");
            quantity.clear();
            quantity.sendKeys("2");
            browser.visible("[data-testid=flash-claim]").click();
            assertThat(browser.visible("[data-testid=flash-claimed]").getText()).startsWith("2 claimed at $5.00");
            browser.await("the units left go down", d -> "8".equals(browser.visible("[data-testid=flash-remaining]").getDomAttribute("data-remaining")));
            browser.await("the cart badge", d -> "2".equals(browser.visible("[data-testid=cart-count]").getText()));
            step(browser, "claimed");
            browser.assertNoConsoleErrors();
        }
    }

    @Test
    void pageFilesRevalidateInsteadOfOutlivingADeploy() {
        var script = api.get("/assets/shop/app.js", null);
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.header("Cache-Control")).isEqualTo("no-cache");
        String lastModified = script.header("Last-Modified");
        assertThat(lastModified).isNotNull();
        assertThat(api.get("/assets/shop/app.js", null, "If-Modified-Since", lastModified).status()).isEqualTo(304);
    }

    private void journey(Dimension size, String suite) {
        String word = Searches.word();
        String brand = "Lumen" + word.substring(2, 6);
        String sku = "SKU-" + word;
        String otherSku = "SKU-" + word + "-2";
        var lamp = with(product(word + " desk lamp", brand, "home/" + word.toLowerCase() + "/lamps", sku, "24.00"),
                "variants", List.of(variant(sku, "24.00"), variant(sku + "-W", "26.00")));
        created(lamp);
        created(product(word + " floor lamp", "Other" + word.substring(2, 6), "home/" + word.toLowerCase() + "/lamps", otherSku, "80.00"));
        stock(sku, 5);
        stock(otherSku, 5);
        await().atMost(Searches.INDEXED_WITHIN).until(() ->
                new Searches(api).search("q=" + word).get("total").asLong() == 2);

        try (var browser = Browser.open(port(), size, suite)) {
            browser.go("/");
            browser.visible("[data-testid=categories]");
            browser.script("window.__samePage = 'journey';");
            step(browser, "home");

            var search = browser.visible("[data-testid=search-input]");
            search.sendKeys(word);
            search.submit();
            browser.await("two results", d -> browser.visible("[data-testid=result-count]").getText().startsWith("2 "));
            step(browser, "search-results");

            var toggle = browser.visible("[data-testid=filters-toggle]");
            if (browser.all("[data-testid=facet-brand-option]").stream().noneMatch(WebElement::isDisplayed)) {
                toggle.click();
            }
            browser.visible("[data-testid=facet-brand-option][data-value='" + brand + "']").click();
            browser.await("one result after the brand facet", d -> browser.visible("[data-testid=result-count]").getText().startsWith("1 "));
            step(browser, "brand-facet");

            browser.visible("[data-testid=product-list] [data-testid=product-link]").click();
            browser.await("the product page", d -> browser.visible("[data-testid=product] h1").getText().contains("desk lamp"));
            browser.await("its availability", d -> browser.visible("[data-testid=availability]").getText().equals("Only 5 left"));
            assertThat(browser.all("[data-testid=variant-option]")).hasSize(2);
            step(browser, "product");

            browser.visible("[data-testid=add-to-cart]").click();
            browser.visible("[data-testid=added]");
            browser.await("the cart badge", d -> "1".equals(browser.visible("[data-testid=cart-count]").getText()));
            step(browser, "added-to-cart");

            browser.visible("[data-testid=go-to-cart]").click();
            var countdown = browser.visible("[data-testid=hold-countdown]");
            assertThat(countdown.getText()).matches("held for you for \\d+:\\d\\d");
            String first = countdown.getText();
            browser.await("the hold counts down", d -> !browser.visible("[data-testid=hold-countdown]").getText().equals(first));
            step(browser, "cart");

            browser.visible("[data-testid=checkout-link]").click();
            browser.visible("[data-testid=ship-name]").sendKeys("Ann Buyer");
            browser.visible("[data-testid=ship-line1]").sendKeys("1 Main St");
            browser.visible("[data-testid=ship-city]").sendKeys("Springfield");
            browser.visible("[data-testid=ship-postalCode]").sendKeys("12345");
            new Select(browser.visible("[data-testid=card]")).selectByValue("tok_visa");
            step(browser, "checkout");
            browser.visible("[data-testid=place-order]").click();

            awaitStatus(browser, "paid");
            browser.await("the order stream is live", d -> "stream".equals(liveMode(browser)));
            String orderId = browser.driver().getCurrentUrl().replaceAll(".*#/orders/", "");
            step(browser, "order-paid");

            String trackingNumber = unique("JD");
            shipFromTheConsole(orderId, trackingNumber, suite);
            awaitStatus(browser, "shipped");
            assertThat(liveMode(browser)).as("pushed, not polled").isEqualTo("stream");
            assertThat(browser.script("return window.__samePage;")).as("no reload or navigation").isEqualTo("journey");
            assertThat(browser.visible("[data-testid=tracking]").getText()).contains(trackingNumber);
            step(browser, "order-shipped");
            browser.assertNoConsoleErrors();
        }
    }

    /**
     * An admin ships the order in the console, in a browser of its own, while the shopper's order page
     * stays open in the other.
     */
    private void shipFromTheConsole(String orderId, String trackingNumber, String suite) {
        try (var console = Browser.open(port(), Browser.DESKTOP, suite + "-console")) {
            new AdminConsolePage(console).login(ADMIN_EMAIL, ADMIN_PASSWORD).shipOrder(orderId, trackingNumber);
            console.screenshot("console-shipped");
            console.assertNoConsoleErrors();
        }
    }

    /** The admin ships the order through the API (the fallback test cuts the browser's stream, not the console). */
    private void shipAsAdmin(String orderId) {
        var shipped = api.post("/api/admin/orders/" + orderId + "/ship", Map.of("carrier", "DHL", "trackingNumber", unique("JD")), admin);
        assertThat(shipped.status()).as(shipped.toString()).isEqualTo(200);
    }

    private void step(Browser browser, String name) {
        browser.screenshot(name);
        assertThat(browser.overflowsHorizontally()).as("%s is wider than the window", name).isFalse();
    }

    private static void awaitStatus(Browser browser, String status) {
        browser.await("order status " + status, d -> status.equals(
                browser.visible("[data-testid=order-status]").getDomAttribute("data-status")));
    }

    private static String liveMode(Browser browser) {
        return browser.driver().findElement(By.cssSelector("[data-testid=live-mode]")).getDomAttribute("data-mode");
    }

    private void created(Map<String, Object> body) {
        var created = api.post("/api/admin/products", body, admin);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
    }

    private void stock(String sku, int units) {
        api.post("/api/admin/warehouses", Map.of("code", "wh-web", "name", "Web warehouse", "priority", 0), admin);
        var set = api.put("/api/admin/stock/" + sku + "/wh-web", Map.of("quantity", units), admin);
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
    }
}
