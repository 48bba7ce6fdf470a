package dev.mercato.pricing.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;

import dev.mercato.catalog.SkuInfo;
import dev.mercato.platform.commerce.Money;
import dev.mercato.platform.web.ProblemException;
import dev.mercato.pricing.ClaimedPrices.Claimed;
import dev.mercato.pricing.PriceQuote;

/**
 * The arithmetic of a quote's lines (what a coupon then takes off is {@link CouponArithmetic}'s).
 * Claimed units are charged at their
 * special price only when it is below the catalog price (a sale priced above it saves nothing and
 * costs nothing extra); the rest of a line is charged at the catalog price.
 */
final class QuoteArithmetic {

    private QuoteArithmetic() {
    }

    /**
     * @param quantities SKU -> units, in display order
     * @param skus       catalog data for (at least) those SKUs; a missing SKU is not sellable
     * @param claimed    claimed units per SKU; may hold more units than the line
     */
    static PriceQuote quote(Map<String, Integer> quantities, Map<String, SkuInfo> skus, Map<String, Claimed> claimed) {
        if (quantities.isEmpty()) {
            return PriceQuote.empty();
        }
        List<PriceQuote.Line> lines = new ArrayList<>(quantities.size());
        String currency = null;
        for (Map.Entry<String, Integer> item : quantities.entrySet()) {
            SkuInfo info = skus.get(item.getKey());
            if (info == null) {
                throw notSellable(item.getKey());
            }
            if (currency != null && !currency.equals(info.currency())) {
                throw ProblemException.conflict("currency-mismatch", "The cart mixes currencies");
            }
            currency = info.currency();
            lines.add(line(info, item.getValue(), claimed.get(item.getKey())));
        }
        Money subtotal = Money.zero(currency);
        Money discount = Money.zero(currency);
        for (PriceQuote.Line line : lines) {
            subtotal = subtotal.plus(line.lineTotal());
            discount = discount.plus(line.discount());
        }
        return new PriceQuote(lines, subtotal, discount, subtotal.minus(discount), currency, null);
    }

    private static PriceQuote.Line line(SkuInfo info, int quantity, Claimed claim) {
        Money unitPrice = new Money(info.price(), info.currency());
        Money lineTotal = unitPrice.times(quantity);
        if (claim == null || claim.units() == 0 || !claim.unitPrice().currency().equals(unitPrice.currency())
                || !claim.unitPrice().isLessThan(unitPrice)) {
            return new PriceQuote.Line(info.sku(), info.title(), quantity, unitPrice, 0, null, Money.zero(info.currency()), lineTotal);
        }
        int flashUnits = Math.min(quantity, claim.units());
        Money discount = unitPrice.minus(claim.unitPrice()).times(flashUnits);
        return new PriceQuote.Line(info.sku(), info.title(), quantity, unitPrice, flashUnits, claim.unitPrice(), discount, lineTotal);
    }

    static ProblemException notSellable(String sku) {
        return new ProblemException(HttpStatus.CONFLICT, "not-sellable", "Not sellable",
                "SKU " + sku + " is no longer sold; remove it from the cart").with("sku", sku);
    }
}
