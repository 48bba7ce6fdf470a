package dev.mercato.web;

import java.nio.file.Path;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import dev.mercato.support.Browser;

/**
 * The admin console at {@code /admin} as an operator uses it, for browser tests: each method does
 * one thing an admin does and waits until the page shows it happened. Selectors are the console's
 * element ids, so a test reads as the steps and not as markup.
 */
public final class AdminConsolePage {

    private final Browser browser;

    public AdminConsolePage(Browser browser) {
        this.browser = browser;
    }

    public Browser browser() {
        return browser;
    }

    /** Opens a console route ({@code "orders"}, {@code "stock/SKU-1"}) and waits until its first data is shown. */
    public AdminConsolePage open(String route) {
        browser.go("/admin#/" + route);
        browser.visible("main .view-" + route.split("[/?]")[0] + "[data-ready]");
        return this;
    }

    /** Signs in through the form (from wherever the console sent an anonymous visitor) and waits for the console's menu. */
    public AdminConsolePage login(String email, String password) {
        submitLogin(email, password);
        browser.visible("#sign-out");
        browser.await("the console left the login form", d -> !d.getCurrentUrl().contains("#/login"));
        return this;
    }

    /** Fills and sends the login form without expecting it to succeed; answers the form's message. */
    public String submitLogin(String email, String password) {
        if (!browser.driver().getCurrentUrl().contains("/admin#/login")) {
            browser.go("/admin#/login");
        }
        type(browser.visible("#login-email"), email);
        type(browser.visible("#login-password"), password);
        browser.visible("#login-form button[type=submit]").click();
        return browser.await("the login form answered", d -> {
            if (!d.getCurrentUrl().contains("#/login")) {
                return "";
            }
            return texts("#login-form .notice").stream().filter(text -> !text.isBlank()).findFirst().orElse(null);
        });
    }

    /** Ships the order from its page with {@code trackingNumber} and waits until the console shows it shipped. */
    public AdminConsolePage shipOrder(String orderId, String trackingNumber) {
        open("orders/" + orderId);
        WebElement tracking = browser.visible("#ship-tracking");
        type(tracking, trackingNumber);
        browser.visible("#ship-submit").click();
        browser.await("the order shows shipped", d -> texts("#order-status-value").contains("shipped")
                && texts("#order-tracking").stream().anyMatch(text -> text.contains(trackingNumber)));
        return this;
    }

    /** Searches the catalog from the products page and opens the product titled {@code title}. */
    public AdminConsolePage openProduct(String query, String title) {
        open("products");
        type(browser.visible("#product-q"), query);
        browser.visible("#product-search button[type=submit]").click();
        browser.await("the search found " + title, d -> d.findElements(By.linkText(title)).stream().findFirst().orElse(null)).click();
        browser.visible("#product-form");
        return this;
    }

    /** Changes the open product's title and the price of {@code sku}, saves, and waits for the confirmation. */
    public AdminConsolePage editProduct(String title, String sku, String price) {
        type(browser.visible("#product-title"), title);
        type(browser.visible("#price-" + sku), price);
        browser.visible("#product-save").click();
        awaitNotice("Saved");
        return this;
    }

    /** Deactivates the open product (accepting the browser's confirmation) and waits for the console to say so. */
    public AdminConsolePage deactivateProduct() {
        browser.visible("#product-deactivate").click();
        browser.await("the confirmation", d -> d.switchTo().alert()).accept();
        awaitNotice("deactivated");
        return this;
    }

    /** Adjusts {@code sku}'s on-hand units in {@code warehouse} by {@code delta} and waits for the new availability. */
    public AdminConsolePage adjustStock(String sku, String warehouse, long delta, String reason, long expectedAvailable) {
        open("stock/" + sku);
        String form = "form[data-form=adjust][data-warehouse='" + warehouse + "'] ";
        type(browser.visible(form + "input[name=delta]"), Long.toString(delta));
        type(browser.visible(form + "input[name=reason]"), reason);
        browser.visible(form + "button").click();
        browser.await("available in " + warehouse + " is " + expectedAvailable,
                d -> texts("[data-available='" + warehouse + "']").contains(Long.toString(expectedAvailable)));
        return this;
    }

    /** Sends {@code file} through the import form; answers once the progress bar has stopped running. */
    public String importFile(Path file) {
        open("products");
        browser.visible("#import-file").sendKeys(file.toAbsolutePath().toString());
        browser.visible("#import-form button[type=submit]").click();
        return browser.await("the import finished", d -> {
            String status = d.findElement(By.id("import-job")).getDomAttribute("data-status");
            return status == null || status.equals("running") ? null : status;
        });
    }

    /** Creates a flash sale from the form (starting now, one hour long) and waits for its row in the monitor. */
    public AdminConsolePage createFlashSale(String sku, String price, int units, int perCustomer) {
        open("flash-sales");
        type(browser.visible("#flash-sku"), sku);
        type(browser.visible("#flash-price"), price);
        type(browser.visible("#flash-quantity"), Integer.toString(units));
        type(browser.visible("#flash-limit"), Integer.toString(perCustomer));
        browser.visible("#flash-form button[type=submit]").click();
        awaitNotice("created");
        return this;
    }

    /** The monitor row text of the first sale of {@code sku} once it matches {@code expected} (a substring). */
    public String awaitFlashSaleRow(String sku, String expected) {
        return browser.await("a flash-sale row of " + sku + " showing " + expected, d -> texts("#flash-monitor tbody tr").stream()
                .filter(text -> text.startsWith(sku) && text.contains(expected)).findFirst().orElse(null));
    }

    public String awaitNotice(String contains) {
        return browser.await("a message containing " + contains, d -> texts("main .notice").stream()
                .filter(text -> text.contains(contains)).findFirst().orElse(null));
    }

    /**
     * The rendered text of every element matching {@code css}, read in one script: the console
     * re-renders tables on each poll, so an element found in one call can be gone in the next.
     */
    @SuppressWarnings("unchecked")
    public java.util.List<String> texts(String css) {
        return (java.util.List<String>) browser.script(
                "return [...document.querySelectorAll(arguments[0])].map(e => e.innerText.trim());", css);
    }

    private static void type(WebElement input, String text) {
        input.clear();
        input.sendKeys(text);
    }
}
