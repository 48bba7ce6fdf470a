package dev.mercato.pricing.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.mercato.catalog.SkuInfo;
import dev.mercato.platform.commerce.Money;
import dev.mercato.platform.web.ProblemException;
import dev.mercato.pricing.ClaimedPrices.Claimed;
import dev.mercato.pricing.Coupons.Coupon;
import dev.mercato.pricing.PriceQuote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CouponArithmeticTests {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    @Test
    void aPercentageIsTakenOfTheWholeEligibleAmountAndRoundedHalfUp() {
        PriceQuote quote = apply(cart(Map.of("A", "0.35"), Map.of("A", 3)), percentage("10"), Map.of());
        // 1.05 x 10% = 0.105 -> 0.11 (per unit it would be 3 x 0.04 = 0.12, or 3 x 0.03)
        assertThat(quote.coupon().discount()).isEqualTo(Money.of("0.11", "USD"));
        assertThat(quote.total()).isEqualTo(Money.of("0.94", "USD"));
    }

    @Test
    void flashPricedUnitsGetNoCouponAndTheQuoteAddsBothDiscounts() {
        Map<String, Integer> cart = new LinkedHashMap<>();
        cart.put("A", 3);
        cart.put("B", 1);
        PriceQuote base = QuoteArithmetic.quote(cart, Map.of("A", sku("A", "100.00"), "B", sku("B", "20.00")),
                Map.of("A", new Claimed(2, Money.of("60.00", "USD"))));
        PriceQuote quote = CouponArithmetic.apply(base, percentage("50"), "half", Map.of(), NOW);
        // A: 2 flash units (saving 80) and one regular unit; B regular: coupon on 100 + 20
        assertThat(quote.coupon().discount()).isEqualTo(Money.of("60.00", "USD"));
        assertThat(quote.discount()).isEqualTo(Money.of("140.00", "USD"));
        assertThat(quote.total()).isEqualTo(Money.of("180.00", "USD"));
        assertThat(quote.subtotal()).isEqualTo(base.subtotal());
    }

    @Test
    void aFixedAmountNeverExceedsTheEligibleAmount() {
        PriceQuote quote = apply(cart(Map.of("A", "4.00"), Map.of("A", 2)), fixed("25.00"), Map.of());
        assertThat(quote.coupon().discount()).isEqualTo(Money.of("8.00", "USD"));
        assertThat(quote.total()).isEqualTo(Money.of("0.00", "USD"));
    }

    @Test
    void aCategoryCoversItsSubtreeButNotASiblingWithTheSamePrefix() {
        Coupon lighting = new Coupon(UUID.randomUUID(), "L", Coupon.Kind.PERCENTAGE, BigDecimal.TEN, null, null,
                NOW.minusSeconds(60), NOW.plusSeconds(60), Set.of(), Set.of("home/lighting"));
        assertThat(lighting.covers("X", "home/lighting")).isTrue();
        assertThat(lighting.covers("X", "home/lighting/lamps")).isTrue();
        assertThat(lighting.covers("X", "home/lighting-outdoor")).isFalse();
        assertThat(lighting.covers("X", null)).isFalse();

        Map<String, Integer> quantities = new LinkedHashMap<>();
        quantities.put("LAMP", 1);
        quantities.put("CHAIR", 1);
        PriceQuote quote = apply(cart(Map.of("LAMP", "40.00", "CHAIR", "100.00"), quantities), lighting,
                Map.of("LAMP", "home/lighting/lamps", "CHAIR", "home/seating"));
        assertThat(quote.coupon().discount()).isEqualTo(Money.of("4.00", "USD"));
    }

    @Test
    void refusesOutsideTheWindowBelowTheMinimumInAnotherCurrencyAndWithoutAnEligibleLine() {
        PriceQuote cart = cart(Map.of("A", "10.00"), Map.of("A", 2));
        assertReason(cart, new Coupon(UUID.randomUUID(), "C", Coupon.Kind.PERCENTAGE, BigDecimal.TEN, null, null,
                NOW.plusSeconds(1), NOW.plusSeconds(60), Set.of(), Set.of()), "not-started");
        assertReason(cart, new Coupon(UUID.randomUUID(), "C", Coupon.Kind.PERCENTAGE, BigDecimal.TEN, null, null,
                NOW.minusSeconds(60), NOW, Set.of(), Set.of()), "expired");
        assertReason(cart, new Coupon(UUID.randomUUID(), "C", Coupon.Kind.FIXED, BigDecimal.ONE, "EUR", null,
                NOW.minusSeconds(60), NOW.plusSeconds(60), Set.of(), Set.of()), "currency");
        assertReason(cart, new Coupon(UUID.randomUUID(), "C", Coupon.Kind.FIXED, BigDecimal.ONE, "USD", new BigDecimal("20.01"),
                NOW.minusSeconds(60), NOW.plusSeconds(60), Set.of(), Set.of()), "below-min-subtotal");
        assertReason(cart, new Coupon(UUID.randomUUID(), "C", Coupon.Kind.FIXED, BigDecimal.ONE, "USD", null,
                NOW.minusSeconds(60), NOW.plusSeconds(60), Set.of("B"), Set.of()), "no-eligible-line");
        assertThat(apply(cart, new Coupon(UUID.randomUUID(), "C", Coupon.Kind.FIXED, BigDecimal.ONE, "USD", new BigDecimal("20.00"),
                NOW.minusSeconds(60), NOW.plusSeconds(60), Set.of(), Set.of()), Map.of()).total())
                .as("a subtotal equal to the minimum qualifies").isEqualTo(Money.of("19.00", "USD"));
    }

    private static void assertReason(PriceQuote cart, Coupon coupon, String reason) {
        assertThatThrownBy(() -> CouponArithmetic.apply(cart, coupon, "typed", Map.of(), NOW))
                .isInstanceOfSatisfying(ProblemException.class, problem -> {
                    assertThat(problem.code()).isEqualTo("invalid-coupon");
                    assertThat(problem.toProblemDetail().getProperties()).containsEntry("reason", reason);
                });
    }

    private static PriceQuote apply(PriceQuote cart, Coupon coupon, Map<String, String> categories) {
        return CouponArithmetic.apply(cart, coupon, coupon.code(), categories, NOW);
    }

    private static PriceQuote cart(Map<String, String> prices, Map<String, Integer> quantities) {
        Map<String, SkuInfo> skus = new LinkedHashMap<>();
        prices.forEach((sku, price) -> skus.put(sku, sku(sku, price)));
        return QuoteArithmetic.quote(quantities, skus, Map.of());
    }

    private static Coupon percentage(String value) {
        return new Coupon(UUID.randomUUID(), "P" + value, Coupon.Kind.PERCENTAGE, new BigDecimal(value), null, null,
                NOW.minusSeconds(60), NOW.plusSeconds(60), Set.of(), Set.of());
    }

    private static Coupon fixed(String value) {
        return new Coupon(UUID.randomUUID(), "F" + value, Coupon.Kind.FIXED, new BigDecimal(value), "USD", null,
                NOW.minusSeconds(60), NOW.plusSeconds(60), Set.of(), Set.of());
    }

    private static SkuInfo sku(String sku, String price) {
        return new SkuInfo(sku, null, sku + " title", new BigDecimal(price), "USD", true);
    }
}
