package dev.mercato.catalog;

import java.util.Collection;
import java.util.Map;

/**
 * How many units of each SKU can be sold now, summed over warehouses. Implemented by the inventory
 * module; the catalog's web layer asks for the variants of the page it is about to show, and browse
 * for the summaries' {@code inStock}. A SKU missing from the answer has no stock record. Must not
 * block for long: product pages call it on every read, cached product data or not.
 */
public interface StockLevels {

    Map<String, Long> available(Collection<String> skus);

    /**
     * What {@link #available} would answer, when this process holds every one of these SKUs' levels
     * in memory; null when it does not (or its cache is off or bypassed), without loading anything.
     * For answering a read from memory only (see {@code CachedReads}).
     */
    Map<String, Long> availableIfCached(Collection<String> skus);
}
