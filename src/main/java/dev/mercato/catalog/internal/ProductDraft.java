package dev.mercato.catalog.internal;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A product as an admin or an import file describes it. The same record, with the same rules, is
 * the body of {@code POST/PUT /api/admin/products} and one line of an import, so a product that
 * imports also creates, and the error messages match.
 */
public record ProductDraft(
        @NotBlank @Size(max = 200) String title,
        @Size(max = 120) @Pattern(regexp = Slugs.PATTERN, message = "must be lowercase letters, digits and single dashes, with at least one letter") String slug,
        @Size(max = 20_000) String description,
        @NotBlank @Size(max = 100) String brand,
        @NotBlank @Size(max = 300) @Pattern(regexp = CategoryPaths.PATTERN, message = "must be a path of lowercase slugs like home/lighting/lamps") String category,
        @Size(max = 100) Map<String, Object> attributes,
        @Size(max = 20) List<@NotBlank @Size(max = 2000) @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL") String> media,
        @DecimalMin("0.0") @DecimalMax("5.0") BigDecimal rating,
        @Min(0) Integer reviewCount,
        @NotEmpty @Size(max = 100) List<@NotNull @Valid VariantDraft> variants) {

    public ProductDraft {
        description = description == null ? "" : description;
        attributes = attributes == null ? Map.of() : attributes;
        media = media == null ? List.of() : media;
        reviewCount = reviewCount == null ? 0 : reviewCount;
    }

    @AssertTrue(message = "variants must have distinct SKUs")
    boolean isVariantSkusDistinct() {
        return variants == null || variants.stream().filter(v -> v != null && v.sku() != null)
                .map(VariantDraft::sku).distinct().count() == variants.stream().filter(v -> v != null && v.sku() != null).count();
    }

    @AssertTrue(message = "all variants of a product must share one currency")
    boolean isSingleCurrency() {
        return variants == null || variants.stream().filter(v -> v != null && v.currency() != null)
                .map(VariantDraft::currency).distinct().count() <= 1;
    }

    public record VariantDraft(
            @NotBlank @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}", message = "must be 1-64 letters, digits, '.', '_' or '-'") String sku,
            @Size(max = 200) String title,
            @NotNull @DecimalMin("0.00") @DecimalMax("9999999999.99")
            @Digits(integer = 10, fraction = 2, message = "must have at most two decimal places") BigDecimal price,
            @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code like USD") String currency,
            @Size(max = 50) Map<String, Object> attributes) {

        public VariantDraft {
            attributes = attributes == null ? Map.of() : attributes;
        }
    }
}
