package dev.mercato.catalog;

/** A product's id; shown to clients as an opaque string. */
public record ProductId(long value) {

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
