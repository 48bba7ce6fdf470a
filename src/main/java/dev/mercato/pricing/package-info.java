/**
 * Pricing: the one place a {@link dev.mercato.pricing.PriceQuote} is built, from catalog prices
 * and the special prices a shopper has claimed. Cart view and checkout both ask
 * {@link dev.mercato.pricing.Pricing}, so the total a shopper sees is the total they are charged.
 * Special prices come in through the {@link dev.mercato.pricing.ClaimedPrices} port, which
 * promotions implements: pricing depends on no module that sells, so cart, orders and promotions
 * can all depend on it without a cycle (coupons, issue 14, plug in the same way). Publishes and
 * listens to no events.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Pricing", allowedDependencies = {"catalog", "platform"})
package dev.mercato.pricing;
