package dev.mercato.catalog.internal;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Test;

import dev.mercato.catalog.internal.demo.DemoCatalog;

import static org.assertj.core.api.Assertions.assertThat;

class DemoCatalogTests {

    private final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();
    private final List<ProductDraft> products = StreamSupport.stream(new DemoCatalog(10_000, 42).spliterator(), false).toList();

    @Test
    void everyGeneratedProductPassesTheImportRules() {
        products.forEach(product -> assertThat(validator.validate(product)).as(product.title()).isEmpty());
    }

    @Test
    void spreadsOverAFewHundredCategoriesAndManyBrands() {
        Set<String> categories = new HashSet<>();
        products.forEach(p -> categories.addAll(CategoryPaths.withAncestors(p.category())));
        assertThat(categories.size()).isBetween(200, 400);
        assertThat(products.stream().map(ProductDraft::brand).distinct().count()).isGreaterThan(150);
    }

    @Test
    void skusAreUniqueAcrossTheCatalog() {
        Set<String> skus = new HashSet<>();
        products.forEach(p -> p.variants().forEach(v -> assertThat(skus.add(v.sku())).as(v.sku()).isTrue()));
    }

    @Test
    void popularityIsSkewedLikeARealShop() {
        long total = products.stream().mapToLong(ProductDraft::reviewCount).sum();
        long top = products.stream().mapToLong(ProductDraft::reviewCount).sorted().skip(products.size() * 99L / 100).sum();
        // the top 1% of products collect a large share of all reviews
        assertThat((double) top / total).isGreaterThan(0.2);
    }

    @Test
    void isTheSameCatalogForTheSameSeed() {
        assertThat(new DemoCatalog(100, 42).product(57)).isEqualTo(new DemoCatalog(100, 42).product(57));
        assertThat(new DemoCatalog(100, 43).product(57)).isNotEqualTo(new DemoCatalog(100, 42).product(57));
    }
}
