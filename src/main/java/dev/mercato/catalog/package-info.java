/**
 * The product catalog: a category tree, brands, products with variants (SKUs), prices and
 * attributes; public browse and product detail, admin create/replace/deactivate and bulk import.
 * Publishes {@link dev.mercato.catalog.ProductsChanged} after every committed catalog write, for
 * search indexing and cache invalidation. Learns stock levels through the
 * {@link dev.mercato.catalog.StockLevels} port, which the inventory module implements: the web layer
 * composes them into product pages, so product data itself depends on product events only.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Catalog", allowedDependencies = {"platform"})
package dev.mercato.catalog;
