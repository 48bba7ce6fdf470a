/**
 * "Customers also bought": a batch job (nightly by cron, and on demand) ranks, for every product,
 * the products most often bought with it in the paid orders of the last 90 days, and the product
 * page's recommendations are served from that ranking through a cache. Reads the views the orders
 * ({@code paid_order_lines}), catalog and inventory modules publish; listens to
 * {@link dev.mercato.catalog.ProductsChanged} and {@link dev.mercato.inventory.StockChanged} only to
 * drop cached answers; publishes nothing.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Recommendations",
        allowedDependencies = {"catalog", "inventory", "platform"})
package dev.mercato.recommendations;
