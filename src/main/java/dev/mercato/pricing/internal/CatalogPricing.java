package dev.mercato.pricing.internal;

import java.time.Clock;
import java.util.Map;

import org.springframework.stereotype.Service;

import dev.mercato.catalog.Catalog;
import dev.mercato.catalog.SkuInfo;
import dev.mercato.platform.commerce.OrderId;
import dev.mercato.platform.commerce.Owner;
import dev.mercato.platform.web.ProblemException;
import dev.mercato.pricing.ClaimedPrices;
import dev.mercato.pricing.Coupons;
import dev.mercato.pricing.PriceQuote;
import dev.mercato.pricing.Pricing;

/**
 * Catalog prices with claimed special prices applied through {@link QuoteArithmetic}, then a coupon
 * through {@link CouponArithmetic}. A quote takes catalog prices from {@link CachedSkuPrices} (read
 * again after every committed product change) and reads the claims; pricing an order reads both from
 * the database in the order's transaction, whatever the number of lines. A coupon adds its own read
 * (and a category read when it is limited to categories), and at checkout its redemption.
 */
@Service
final class CatalogPricing implements Pricing {

    private final Catalog catalog;
    private final CachedSkuPrices prices;
    private final ClaimedPrices claimedPrices;
    private final Coupons coupons;
    private final Clock clock;

    CatalogPricing(Catalog catalog, CachedSkuPrices prices, ClaimedPrices claimedPrices, Coupons coupons, Clock clock) {
        this.catalog = catalog;
        this.prices = prices;
        this.claimedPrices = claimedPrices;
        this.coupons = coupons;
        this.clock = clock;
    }

    @Override
    public PriceQuote quote(Owner owner, Map<String, Integer> quantities, String couponCode) {
        if (quantities.isEmpty()) {
            return PriceQuote.empty();
        }
        PriceQuote quote = QuoteArithmetic.quote(quantities, prices.find(quantities.keySet()),
                claimedPrices.open(owner, quantities.keySet()));
        if (isBlank(couponCode)) {
            return quote;
        }
        Coupons.Coupon coupon = coupons.find(couponCode.strip()).orElseThrow(() -> CouponArithmetic.unknown(couponCode.strip()));
        PriceQuote discounted = withCoupon(quote, coupon, couponCode.strip());
        coupons.limitReached(owner, coupon).ifPresent(refusal -> {
            throw refusal;
        });
        return discounted;
    }

    @Override
    public PriceQuote priceOrder(Owner owner, Map<String, Integer> quantities, OrderId order, String couponCode) {
        Map<String, SkuInfo> skus = catalog.skus(quantities.keySet());
        for (String sku : quantities.keySet()) {
            SkuInfo info = skus.get(sku);
            if (info == null || !info.sellable()) {
                throw QuoteArithmetic.notSellable(sku);
            }
        }
        PriceQuote quote = QuoteArithmetic.quote(quantities, skus, claimedPrices.redeem(owner, quantities, order));
        if (isBlank(couponCode)) {
            return quote;
        }
        String code = couponCode.strip();
        PriceQuote discounted;
        Coupons.Coupon coupon;
        try {
            coupon = coupons.find(code).orElseThrow(() -> CouponArithmetic.unknown(code));
            discounted = withCoupon(quote, coupon, code);
        } catch (ProblemException refusal) {
            coupons.refused(code);
            throw refusal;
        }
        coupons.redeem(owner, coupon, order, discounted.coupon().discount());
        return discounted;
    }

    @Override
    public void release(OrderId order) {
        claimedPrices.giveBack(order);
        coupons.giveBack(order);
    }

    private PriceQuote withCoupon(PriceQuote quote, Coupons.Coupon coupon, String code) {
        Map<String, String> categories = coupon.categories().isEmpty() ? Map.of() : catalog.categoryPaths(quote.lines().stream()
                .map(PriceQuote.Line::sku).toList());
        return CouponArithmetic.apply(quote, coupon, code, categories, clock.instant());
    }

    private static boolean isBlank(String couponCode) {
        return couponCode == null || couponCode.isBlank();
    }
}
