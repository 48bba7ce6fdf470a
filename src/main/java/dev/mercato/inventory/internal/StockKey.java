package dev.mercato.inventory.internal;

/** Identifies one stock row; ordered so locks can be taken in a fixed order. */
record StockKey(String sku, long warehouseId) implements Comparable<StockKey> {

    @Override
    public int compareTo(StockKey other) {
        int bySku = sku.compareTo(other.sku);
        return bySku != 0 ? bySku : Long.compare(warehouseId, other.warehouseId);
    }
}
