package dev.mercato.pricing.internal;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.mercato.catalog.SkuInfo;
import dev.mercato.platform.commerce.Money;
import dev.mercato.platform.web.ProblemException;
import dev.mercato.pricing.ClaimedPrices.Claimed;
import dev.mercato.pricing.PriceQuote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuoteArithmeticTests {

    @Test
    void claimedUnitsBelowTheCatalogPriceAreTheDiscount() {
        Map<String, Integer> cart = new LinkedHashMap<>();
        cart.put("A", 3);
        cart.put("B", 1);
        PriceQuote quote = QuoteArithmetic.quote(cart, Map.of("A", sku("A", "100.00", "USD"), "B", sku("B", "20.00", "USD")),
                Map.of("A", new Claimed(2, Money.of("60.00", "USD"))));

        assertThat(quote.lines()).extracting(PriceQuote.Line::sku).containsExactly("A", "B");
        PriceQuote.Line a = quote.lines().getFirst();
        assertThat(a.flashUnits()).isEqualTo(2);
        assertThat(a.flashPrice()).isEqualTo(Money.of("60.00", "USD"));
        assertThat(a.discount()).isEqualTo(Money.of("80.00", "USD"));
        assertThat(a.lineTotal()).isEqualTo(Money.of("300.00", "USD"));
        assertThat(quote.subtotal()).isEqualTo(Money.of("320.00", "USD"));
        assertThat(quote.discount()).isEqualTo(Money.of("80.00", "USD"));
        assertThat(quote.total()).isEqualTo(Money.of("240.00", "USD"));
    }

    @Test
    void aClaimAboveTheCatalogPriceChangesNothingAndAClaimLargerThanTheLineCoversTheLine() {
        PriceQuote above = QuoteArithmetic.quote(Map.of("A", 2), Map.of("A", sku("A", "10.00", "USD")),
                Map.of("A", new Claimed(2, Money.of("12.00", "USD"))));
        assertThat(above.total()).isEqualTo(Money.of("20.00", "USD"));
        assertThat(above.lines().getFirst().flashPrice()).isNull();

        PriceQuote larger = QuoteArithmetic.quote(Map.of("A", 2), Map.of("A", sku("A", "10.00", "USD")),
                Map.of("A", new Claimed(5, Money.of("7.00", "USD"))));
        assertThat(larger.discount()).isEqualTo(Money.of("6.00", "USD"));
    }

    @Test
    void refusesACartInTwoCurrenciesAndAnUnknownSku() {
        Map<String, Integer> cart = new LinkedHashMap<>();
        cart.put("A", 1);
        cart.put("B", 1);
        assertThatThrownBy(() -> QuoteArithmetic.quote(cart, Map.of("A", sku("A", "1.00", "USD"), "B", sku("B", "1.00", "EUR")), Map.of()))
                .isInstanceOf(ProblemException.class).hasMessageContaining("mixes currencies");
        assertThatThrownBy(() -> QuoteArithmetic.quote(Map.of("X", 1), Map.of(), Map.of()))
                .isInstanceOf(ProblemException.class).hasMessageContaining("X");
    }

    @Test
    void anEmptyCartHasAnEmptyQuote() {
        assertThat(QuoteArithmetic.quote(Map.of(), Map.of(), Map.of()).isEmpty()).isTrue();
    }

    private static SkuInfo sku(String sku, String price, String currency) {
        return new SkuInfo(sku, null, sku + " title", new BigDecimal(price), currency, true);
    }
}
