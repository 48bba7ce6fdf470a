package dev.mercato.catalog.internal;

/** A draft with the 1-based input line it came from, so errors can name the line. */
record NumberedDraft(long line, ProductDraft draft) {
}
