package dev.mercato.catalog.web;

import java.net.URI;

import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import dev.mercato.catalog.Catalog;
import dev.mercato.catalog.ProductDetails;
import dev.mercato.catalog.ProductId;
import dev.mercato.catalog.internal.ProductDraft;
import dev.mercato.catalog.internal.ProductWriter;
import dev.mercato.platform.web.ProblemException;

@RestController
class AdminProductController {

    private final ProductWriter writer;
    private final Catalog catalog;

    AdminProductController(ProductWriter writer, Catalog catalog) {
        this.writer = writer;
        this.catalog = catalog;
    }

    @PostMapping("/api/admin/products")
    ResponseEntity<ProductDetails> create(@Valid @RequestBody ProductDraft draft) {
        ProductId id = writer.create(draft);
        return ResponseEntity.created(URI.create("/api/products/" + id)).body(reload(id));
    }

    /** Full replacement. {@code If-Match: <version>} (as returned in {@code version}) guards against lost updates. */
    @PutMapping("/api/admin/products/{id}")
    ProductDetails replace(@PathVariable long id, @Valid @RequestBody ProductDraft draft,
            @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        writer.replace(new ProductId(id), draft, expectedVersion(ifMatch));
        return reload(new ProductId(id));
    }

    @DeleteMapping("/api/admin/products/{id}")
    ResponseEntity<Void> deactivate(@PathVariable long id) {
        writer.deactivate(new ProductId(id));
        return ResponseEntity.noContent().build();
    }

    private ProductDetails reload(ProductId id) {
        return catalog.product(id.toString()).orElseThrow(() -> ProblemException.notFound("product", id));
    }

    private static Long expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.equals("*")) {
            return null;
        }
        try {
            return Long.parseLong(ifMatch.replace("\"", "").replace("W/", "").trim());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("invalid-if-match", "If-Match must be the product's version number");
        }
    }
}
