package dev.mercato.catalog;

import java.math.BigDecimal;

import com.fasterxml.jackson.annotation.JsonFormat;

/**
 * A product as lists show it. {@code price} is the lowest active variant price; {@code inStock} is
 * null while no inventory module reports stock (unknown, not "out of stock").
 */
public record ProductSummary(
        String id,
        String slug,
        String title,
        String brand,
        String category,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal price,
        String currency,
        BigDecimal rating,
        int reviewCount,
        Boolean inStock,
        String imageUrl) {
}
