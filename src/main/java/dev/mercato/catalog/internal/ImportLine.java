package dev.mercato.catalog.internal;

/** One line of an import: a parsed draft, or the reason it could not be parsed. */
record ImportLine(long line, ProductDraft draft, String error) {

    static ImportLine parsed(long line, ProductDraft draft) {
        return new ImportLine(line, draft, null);
    }

    static ImportLine failed(long line, String error) {
        return new ImportLine(line, null, error);
    }
}
