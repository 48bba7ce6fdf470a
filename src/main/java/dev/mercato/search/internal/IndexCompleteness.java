package dev.mercato.search.internal;

import org.springframework.stereotype.Component;

/**
 * Whether the index holds the whole catalog yet. It does not while the build of an index found
 * empty at start runs (minutes for a large catalog, in the background after readiness): searches
 * then answered {@code total 0}. Until that build completes, {@link SearchService} answers from
 * PostgreSQL, which always holds everything. Events keep a complete index current afterwards, so
 * it never becomes incomplete again in this process; a failed build leaves it incomplete until a
 * reindex completes.
 */
@Component
class IndexCompleteness {

    private volatile boolean complete = true;

    /** The index was found empty: incomplete from now until a build completes (or nothing needs building). */
    void foundEmpty() {
        complete = false;
    }

    /** A full build completed, or there was nothing to build. */
    void built() {
        complete = true;
    }

    boolean complete() {
        return complete;
    }
}
