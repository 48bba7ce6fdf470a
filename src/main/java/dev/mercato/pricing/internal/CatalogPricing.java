package dev.mercato.pricing.internal;

import java.util.Map;

import org.springframework.stereotype.Service;

import dev.mercato.catalog.Catalog;
import dev.mercato.catalog.SkuInfo;
import dev.mercato.platform.commerce.OrderId;
import dev.mercato.platform.commerce.Owner;
import dev.mercato.pricing.ClaimedPrices;
import dev.mercato.pricing.PriceQuote;
import dev.mercato.pricing.Pricing;

/**
 * Catalog prices with claimed special prices applied through {@link QuoteArithmetic}. One catalog
 * read and one claims read (or redemption) per quote, whatever the number of lines.
 */
@Service
final class CatalogPricing implements Pricing {

    private final Catalog catalog;
    private final ClaimedPrices claimedPrices;

    CatalogPricing(Catalog catalog, ClaimedPrices claimedPrices) {
        this.catalog = catalog;
        this.claimedPrices = claimedPrices;
    }

    @Override
    public PriceQuote quote(Owner owner, Map<String, Integer> quantities) {
        if (quantities.isEmpty()) {
            return PriceQuote.empty();
        }
        return QuoteArithmetic.quote(quantities, catalog.skus(quantities.keySet()), claimedPrices.open(owner, quantities.keySet()));
    }

    @Override
    public PriceQuote priceOrder(Owner owner, Map<String, Integer> quantities, OrderId order) {
        Map<String, SkuInfo> skus = catalog.skus(quantities.keySet());
        for (String sku : quantities.keySet()) {
            SkuInfo info = skus.get(sku);
            if (info == null || !info.sellable()) {
                throw QuoteArithmetic.notSellable(sku);
            }
        }
        return QuoteArithmetic.quote(quantities, skus, claimedPrices.redeem(owner, quantities, order));
    }

    @Override
    public void release(OrderId order) {
        claimedPrices.giveBack(order);
    }
}
