package dev.mercato.search.internal;

import java.math.BigDecimal;
import java.util.List;

/** The fixed price buckets every engine counts: from inclusive, to exclusive, null = open. */
public final class PriceRanges {

    public record Range(String key, BigDecimal from, BigDecimal to) {

        public boolean contains(BigDecimal price) {
            return (from == null || price.compareTo(from) >= 0) && (to == null || price.compareTo(to) < 0);
        }

        /** Bounds in cents, for engines that count on integer doc values. */
        public long fromCents() {
            return from == null ? Long.MIN_VALUE : from.movePointRight(2).longValueExact();
        }

        public long toCentsExclusive() {
            return to == null ? Long.MAX_VALUE : to.movePointRight(2).longValueExact();
        }
    }

    public static final List<Range> ALL = List.of(
            new Range("<25", null, new BigDecimal("25")),
            new Range("25-50", new BigDecimal("25"), new BigDecimal("50")),
            new Range("50-100", new BigDecimal("50"), new BigDecimal("100")),
            new Range("100-200", new BigDecimal("100"), new BigDecimal("200")),
            new Range(">200", new BigDecimal("200"), null));

    private PriceRanges() {
    }
}
