package dev.mercato.catalog.web;

import java.net.URI;

import jakarta.validation.Valid;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import dev.mercato.catalog.ProductId;
import dev.mercato.catalog.internal.ProductDraft;
import dev.mercato.catalog.internal.ProductWriter;
import dev.mercato.platform.web.IfMatch;
import dev.mercato.platform.web.ProblemException;

/**
 * Admin writes. Each answers the product page as {@code GET /api/products/{id}} would, with its ETag.
 * PUT and DELETE are conditional when they carry {@code If-Match} (RFC 9110 13.1.1): it holds the
 * ETag a GET of the product returned (or {@code *}: any current product), compared strongly with the
 * ETag the product has now; no match is 412 {@code precondition-failed} and writes nothing, a header
 * that is not {@code *} or entity tags is 400 {@code invalid-if-match}. The check and the write are
 * tied by the product's version, so a change landing between them is a 412 too, not a lost update.
 * The ETag covers availability (see {@link ProductPages}), so a stock change since the GET also
 * fails the precondition.
 */
@RestController
class AdminProductController {

    private final ProductWriter writer;
    private final ProductPages pages;

    AdminProductController(ProductWriter writer, ProductPages pages) {
        this.writer = writer;
        this.pages = pages;
    }

    @PostMapping("/api/admin/products")
    ResponseEntity<byte[]> create(@Valid @RequestBody ProductDraft draft) {
        ProductId id = writer.create(draft);
        ProductPages.ProductPage page = reload(id);
        return ResponseEntity.created(URI.create("/api/products/" + id)).eTag(page.etag())
                .contentType(MediaType.APPLICATION_JSON).body(page.body());
    }

    /** Full replacement; also reactivates a deactivated product. */
    @PutMapping("/api/admin/products/{id}")
    ResponseEntity<byte[]> replace(@PathVariable long id, @Valid @RequestBody ProductDraft draft,
            @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        ProductId product = new ProductId(id);
        writer.replace(product, draft, expectedVersion(product, IfMatch.parse(ifMatch)));
        ProductPages.ProductPage page = reload(product);
        return ResponseEntity.ok().eTag(page.etag()).contentType(MediaType.APPLICATION_JSON).body(page.body());
    }

    @DeleteMapping("/api/admin/products/{id}")
    ResponseEntity<Void> deactivate(@PathVariable long id,
            @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        ProductId product = new ProductId(id);
        writer.deactivate(product, expectedVersion(product, IfMatch.parse(ifMatch)));
        return ResponseEntity.noContent().build();
    }

    /**
     * The version the write must find, or null for an unconditional write (no If-Match, or {@code *}
     * on an existing product: the writer answers 404 for an unknown one without a precondition).
     */
    private Long expectedVersion(ProductId id, IfMatch ifMatch) {
        if (ifMatch == null) {
            return null;
        }
        if (ifMatch.any() && writer.exists(id)) {
            return null;
        }
        // a deactivated product has no current page, so only * matches it
        ProductPages.ProductPage current = pages.fresh(id.toString()).orElse(null);
        if (current == null || !ifMatch.matches(current.etag())) {
            throw IfMatch.failed("product");
        }
        return current.product().version();
    }

    private ProductPages.ProductPage reload(ProductId id) {
        return pages.fresh(id.toString()).orElseThrow(() -> ProblemException.notFound("product", id));
    }
}
