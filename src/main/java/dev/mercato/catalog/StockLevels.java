package dev.mercato.catalog;

import java.util.Collection;
import java.util.Map;

/**
 * How many units of each SKU can be sold now, summed over warehouses. Implemented by the inventory
 * module; the catalog asks for the variants it is about to show. A SKU missing from the answer has
 * no stock record. Must not block for long: product pages call it on every uncached read.
 */
public interface StockLevels {

    Map<String, Long> available(Collection<String> skus);
}
