package dev.mercato.catalog.internal;

import java.util.Iterator;

/** Numbers and validates generated drafts so they enter the importer exactly like lines of a file. */
final class ProductDraftIterator implements Iterator<ImportLine> {

    private final Iterator<ProductDraft> drafts;
    private final DraftValidator validator;
    private long line;

    ProductDraftIterator(Iterator<ProductDraft> drafts, DraftValidator validator) {
        this.drafts = drafts;
        this.validator = validator;
    }

    @Override
    public boolean hasNext() {
        return drafts.hasNext();
    }

    @Override
    public ImportLine next() {
        return validator.validate(++line, drafts.next());
    }
}
