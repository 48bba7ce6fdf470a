package dev.mercato.search.web;

import java.math.BigDecimal;
import java.util.List;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.mercato.platform.web.ProblemException;
import dev.mercato.search.ProductSearch;
import dev.mercato.search.SearchQuery;
import dev.mercato.search.SearchResult;

@RestController
class SearchController {

    private final ProductSearch search;

    SearchController(ProductSearch search) {
        this.search = search;
    }

    /** Public: shoppers search without an account. Deep pages stop at 500 (10,000 results), as shoppers never go there. */
    @GetMapping("/api/search")
    SearchResult search(
            @RequestParam(defaultValue = "") @Size(max = 200) String q,
            @RequestParam(required = false) @Size(max = 300) @Pattern(regexp = "[a-z0-9/-]+", message = "must be a category path like home/lighting") String category,
            @RequestParam(required = false) @Size(max = 20) List<@Size(max = 100) String> brand,
            @RequestParam(required = false) @DecimalMin("0") @DecimalMax("100000000") BigDecimal minPrice,
            @RequestParam(required = false) @DecimalMin("0") @DecimalMax("100000000") BigDecimal maxPrice,
            @RequestParam(required = false) @DecimalMin("0") @DecimalMax("5") BigDecimal minRating,
            @RequestParam(defaultValue = "false") boolean inStock,
            @RequestParam(defaultValue = "0") @Min(0) @Max(499) int page) {
        if (minPrice != null && maxPrice != null && minPrice.compareTo(maxPrice) > 0) {
            throw ProblemException.badRequest("invalid-price-range", "minPrice must not be above maxPrice");
        }
        return search.search(new SearchQuery(q, category, brand, minPrice, maxPrice, minRating, inStock, page));
    }
}
