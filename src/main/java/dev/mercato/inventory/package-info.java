/**
 * Stock per SKU and warehouse, holds that keep units for carts and orders, the movement ledger, and
 * the jobs that keep them honest (expiry sweeper, settler, reconciler). Implements the catalog's
 * {@link dev.mercato.catalog.StockLevels}. Publishes {@link dev.mercato.inventory.StockChanged}
 * when what can be sold of a SKU changes outside the normal reserve path (admin changes, releases,
 * expiries, cancellations, and a SKU selling out).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Inventory", allowedDependencies = {"catalog", "platform"})
package dev.mercato.inventory;
