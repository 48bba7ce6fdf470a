package dev.mercato.catalog.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.mercato.catalog.ProductId;
import dev.mercato.catalog.ProductsChanged;
import dev.mercato.platform.jobs.JobError;
import dev.mercato.platform.web.ProblemException;

/**
 * Every write to the catalog. Categories and brands named by a draft are created first, in their own
 * short transactions (they are shared and harmless if a product write then fails); each product
 * write is one transaction that also publishes {@link ProductsChanged}.
 */
@Service
public class ProductWriter {

    private final ProductRows rows;
    private final Categories categories;
    private final Brands brands;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;

    ProductWriter(ProductRows rows, Categories categories, Brands brands, TransactionTemplate transactions,
            ApplicationEventPublisher events) {
        this.rows = rows;
        this.categories = categories;
        this.brands = brands;
        this.transactions = transactions;
        this.events = events;
    }

    /** What a batch did: the products written and the lines refused, each with its reason. */
    record BatchOutcome(List<ProductId> written, List<JobError> errors) {
    }

    /**
     * Import semantics: a product is matched by slug (given, or derived from title and first SKU)
     * and created or replaced. Lines that conflict with each other or with SKUs of other products
     * are refused; the rest of the batch is written in one transaction.
     */
    BatchOutcome upsertBatch(List<NumberedDraft> batch) {
        List<JobError> errors = new ArrayList<>();
        Map<String, NumberedDraft> bySlug = new LinkedHashMap<>();
        Map<String, Long> skuLines = new HashMap<>();
        for (NumberedDraft line : batch) {
            String slug = importSlug(line.draft());
            NumberedDraft earlier = bySlug.get(slug);
            if (earlier != null) {
                errors.add(new JobError(line.line(), "slug '" + slug + "' is also used on line " + earlier.line()));
                continue;
            }
            String clash = line.draft().variants().stream().map(ProductDraft.VariantDraft::sku)
                    .filter(skuLines::containsKey).findFirst().orElse(null);
            if (clash != null) {
                errors.add(new JobError(line.line(), "sku '" + clash + "' is also used on line " + skuLines.get(clash)));
                continue;
            }
            line.draft().variants().forEach(v -> skuLines.put(v.sku(), line.line()));
            bySlug.put(slug, line);
        }
        if (bySlug.isEmpty()) {
            return new BatchOutcome(List.of(), errors);
        }
        References refs = resolveReferences(bySlug.values().stream().map(NumberedDraft::draft).toList());
        List<ProductId> written = transactions.execute(tx -> {
            Map<String, String> owners = rows.skuOwners(skuLines.keySet());
            List<ProductRows.Row> toWrite = new ArrayList<>();
            bySlug.forEach((slug, line) -> {
                String foreign = line.draft().variants().stream().map(ProductDraft.VariantDraft::sku)
                        .filter(sku -> owners.containsKey(sku) && !owners.get(sku).equals(slug)).findFirst().orElse(null);
                if (foreign != null) {
                    errors.add(new JobError(line.line(), "sku '" + foreign + "' belongs to product '" + owners.get(foreign) + "'"));
                } else {
                    toWrite.add(refs.row(slug, line.draft()));
                }
            });
            if (toWrite.isEmpty()) {
                return List.of();
            }
            Map<String, Long> ids = rows.upsertBySlug(toWrite);
            Map<Long, ProductDraft> drafts = new LinkedHashMap<>();
            toWrite.forEach(row -> drafts.put(ids.get(row.slug()), row.draft()));
            rows.replaceVariants(drafts);
            List<ProductId> productIds = drafts.keySet().stream().map(ProductId::new).toList();
            events.publishEvent(new ProductsChanged(productIds));
            return productIds;
        });
        errors.sort(java.util.Comparator.comparingLong(JobError::line));
        return new BatchOutcome(written, errors);
    }

    /** Creates a product; 409 when its slug or one of its SKUs is taken. */
    public ProductId create(ProductDraft draft) {
        String slug = draft.slug() != null ? draft.slug() : freeSlug(Slugs.of(draft.title()));
        References refs = resolveReferences(List.of(draft));
        try {
            return transactions.execute(tx -> {
                refuseForeignSkus(draft, slug);
                long id = rows.insert(List.of(refs.row(slug, draft))).get(slug);
                rows.replaceVariants(Map.of(id, draft));
                events.publishEvent(new ProductsChanged(List.of(new ProductId(id))));
                return new ProductId(id);
            });
        } catch (DuplicateKeyException e) {
            throw slugTaken(slug);
        }
    }

    /**
     * Replaces a product and its variants (variants left out are deactivated, never deleted: orders
     * refer to their SKUs). With {@code expectedVersion} set, a concurrent change makes this fail with
     * 412 instead of overwriting it.
     */
    public long replace(ProductId id, ProductDraft draft, Long expectedVersion) {
        String currentSlug = rows.slugOf(id.value()).orElseThrow(() -> ProblemException.notFound("product", id));
        String slug = draft.slug() != null ? draft.slug() : currentSlug;
        References refs = resolveReferences(List.of(draft));
        try {
            return transactions.execute(tx -> {
                rows.idOfSlug(slug).filter(owner -> owner != id.value()).ifPresent(owner -> {
                    throw slugTaken(slug);
                });
                refuseForeignSkus(draft, currentSlug);
                long version = rows.updateProduct(id.value(), refs.row(slug, draft), expectedVersion);
                if (version < 0) {
                    throw versionMismatch();
                }
                rows.replaceVariants(Map.of(id.value(), draft));
                events.publishEvent(new ProductsChanged(List.of(id)));
                return version;
            });
        } catch (DuplicateKeyException e) {
            throw slugTaken(slug);
        }
    }

    /**
     * Hides a product from shoppers; idempotent. Products are never hard-deleted. With
     * {@code expectedVersion} set, the product must still be active at that version, or this fails
     * with 412 and changes nothing.
     */
    public void deactivate(ProductId id, Long expectedVersion) {
        rows.slugOf(id.value()).orElseThrow(() -> ProblemException.notFound("product", id));
        transactions.executeWithoutResult(tx -> {
            if (rows.deactivate(id.value(), expectedVersion)) {
                events.publishEvent(new ProductsChanged(List.of(id)));
            } else if (expectedVersion != null) {
                throw versionMismatch();
            }
        });
    }

    /** Whether a product, active or not, has this id. */
    public boolean exists(ProductId id) {
        return rows.slugOf(id.value()).isPresent();
    }

    private static ProblemException versionMismatch() {
        return new ProblemException(HttpStatus.PRECONDITION_FAILED, "precondition-failed", "Precondition failed",
                "The product changed since you read it; fetch it again and reapply your change");
    }

    private void refuseForeignSkus(ProductDraft draft, String ownSlug) {
        Set<String> skus = draft.variants().stream().map(ProductDraft.VariantDraft::sku).collect(Collectors.toSet());
        rows.skuOwners(skus).forEach((sku, owner) -> {
            if (!owner.equals(ownSlug)) {
                throw ProblemException.conflict("sku-taken", "SKU '" + sku + "' belongs to product '" + owner + "'")
                        .with("sku", sku);
            }
        });
    }

    private String freeSlug(String base) {
        String slug = base;
        for (int n = 2; rows.idOfSlug(slug).isPresent(); n++) {
            slug = base + "-" + n;
        }
        return slug;
    }

    private static String importSlug(ProductDraft draft) {
        return draft.slug() != null ? draft.slug() : Slugs.of(draft.title() + "-" + draft.variants().getFirst().sku());
    }

    private static ProblemException slugTaken(String slug) {
        return ProblemException.conflict("slug-taken", "Another product already has the slug '" + slug + "'")
                .with("slug", slug);
    }

    private References resolveReferences(List<ProductDraft> drafts) {
        Map<String, Long> categoryIds = categories.ensure(drafts.stream().map(ProductDraft::category).collect(Collectors.toSet()));
        Map<String, Long> brandIds = brands.ensure(drafts.stream().map(d -> d.brand().trim()).collect(Collectors.toSet()));
        return new References(categoryIds, brandIds);
    }

    private record References(Map<String, Long> categoryIds, Map<String, Long> brandIds) {
        ProductRows.Row row(String slug, ProductDraft draft) {
            return new ProductRows.Row(slug, draft, brandIds.get(draft.brand().trim()), categoryIds.get(draft.category()));
        }
    }
}
