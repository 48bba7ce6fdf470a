package dev.mercato.search;

/**
 * Full-text product search with filters and facets, 20 results a page. Never throws because the
 * index is down: the answer then comes from PostgreSQL with {@code fallback = true} and no facets.
 * Safe to call from any thread; does not block on index writes.
 */
public interface ProductSearch {

    int PAGE_SIZE = 20;

    SearchResult search(SearchQuery query);
}
