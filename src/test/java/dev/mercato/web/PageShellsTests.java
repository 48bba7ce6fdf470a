package dev.mercato.web;

import org.junit.jupiter.api.Test;

import dev.mercato.support.ApiTest;
import dev.mercato.support.Browser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The storefront and console shells load in a real browser under the page security policy: their
 * scripts run (the page replaces its "Loading" text), nothing is refused, and nothing overflows a
 * phone's width.
 */
class PageShellsTests extends ApiTest {

    @Test
    void theStorefrontLoadsAtTheRootOnAPhone() {
        var answer = api.get("/", null);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).startsWith("text/html");
        assertThat(answer.header("Content-Security-Policy")).contains("default-src 'self'");
        try (var browser = Browser.open(port(), Browser.PHONE, "shells")) {
            browser.go("/");
            browser.await("the shop's script ran", d -> !d.getPageSource().contains("Loading…"));
            browser.screenshot("storefront-phone");
            assertThat(browser.overflowsHorizontally()).as("wider than a phone").isFalse();
            browser.assertNoConsoleErrors();
        }
    }

    @Test
    void theConsoleLoadsAtAdmin() {
        assertThat(api.get("/admin", null).status()).isEqualTo(200);
        try (var browser = Browser.open(port(), Browser.DESKTOP, "shells")) {
            browser.go("/admin");
            browser.await("the console's script ran", d -> !d.getPageSource().contains("Loading…"));
            browser.screenshot("console-desktop");
            browser.assertNoConsoleErrors();
        }
    }
}
