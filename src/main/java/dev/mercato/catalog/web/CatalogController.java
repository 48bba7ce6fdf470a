package dev.mercato.catalog.web;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

import dev.mercato.catalog.Catalog;
import dev.mercato.catalog.CategoryNode;
import dev.mercato.platform.security.Caller;
import dev.mercato.platform.web.ProblemException;

@RestController
class CatalogController {

    /** Short enough that a price change shows within seconds; long enough to absorb a burst of views. */
    static final CacheControl PRODUCT_CACHE = CacheControl.maxAge(Duration.ofSeconds(30)).cachePublic()
            .staleWhileRevalidate(Duration.ofSeconds(30));

    /** Lists change with any product or stock change: revalidate each time (a 304 is cheap, see {@link ProductLists}). */
    static final CacheControl LIST_CACHE = CacheControl.noCache();

    private final Catalog catalog;
    private final ProductPages pages;
    private final ProductLists lists;

    CatalogController(Catalog catalog, ProductPages pages, ProductLists lists) {
        this.catalog = catalog;
        this.pages = pages;
        this.lists = lists;
    }

    @GetMapping("/api/categories")
    List<CategoryNode> categories() {
        return catalog.categoryTree();
    }

    /**
     * A page of summaries, cached per segment and query ({@link ProductLists}) with live
     * {@code inStock}; the strong ETag changes with any price, text or stock shown, and
     * If-None-Match gets 304 from the cached entry. {@code no-cache}: clients revalidate every time,
     * which costs them a 304, so a change shows on their very next read.
     */
    @GetMapping("/api/products")
    ResponseEntity<byte[]> products(
            @RequestParam(required = false) @Size(max = 300) @Pattern(regexp = "[a-z0-9/-]+", message = "must be a category path like home/lighting") String category,
            @RequestParam(required = false) @Size(max = 100) String brand,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit,
            @RequestParam(required = false) @Size(max = 100) String cursor,
            @AuthenticationPrincipal Caller caller, WebRequest request) {
        ProductLists.ListPage page = lists.find(category, brand, cursor, limit, segment(caller));
        if (request.checkNotModified(page.etag())) {
            return ResponseEntity.status(304).eTag(page.etag()).cacheControl(LIST_CACHE).build();
        }
        return ResponseEntity.ok().eTag(page.etag()).cacheControl(LIST_CACHE).contentType(MediaType.APPLICATION_JSON).body(page.body());
    }

    /**
     * Product data from the catalog with live availability composed in ({@link ProductPages}). The
     * ETag is a strong digest of the whole body, so it changes with anything shown (price, text,
     * stock): If-None-Match gets 304 without the body only while nothing shown changed, and
     * {@code PUT /api/admin/products/{id}} takes it as If-Match.
     */
    @GetMapping("/api/products/{idOrSlug}")
    ResponseEntity<byte[]> product(@PathVariable String idOrSlug, @AuthenticationPrincipal Caller caller, WebRequest request) {
        if (idOrSlug.length() > 120) {
            throw ProblemException.notFound("product", idOrSlug.substring(0, 40) + "...");
        }
        ProductPages.ProductPage page = pages.find(idOrSlug, segment(caller)).orElseThrow(() -> ProblemException.notFound("product", idOrSlug));
        if (request.checkNotModified(page.etag())) {
            return ResponseEntity.status(304).eTag(page.etag()).cacheControl(PRODUCT_CACHE).build();
        }
        return ResponseEntity.ok().eTag(page.etag()).cacheControl(PRODUCT_CACHE).contentType(MediaType.APPLICATION_JSON)
                .body(page.body());
    }

    /** The segment a catalog answer is cached for; today guests and customers see the same page. */
    private static String segment(Caller caller) {
        return caller == null || caller.isGuest() ? ProductPages.GUEST : "customer";
    }
}
