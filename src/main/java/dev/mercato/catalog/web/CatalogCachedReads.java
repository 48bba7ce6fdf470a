package dev.mercato.catalog.web;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

import dev.mercato.platform.web.CachedAnswer;
import dev.mercato.platform.web.CachedReads;

/**
 * Product pages and list pages for an anonymous caller (segment {@code guest}), answered from the
 * caches when {@link ProductPages#cached} / {@link ProductLists#cached} hold all of it, with the
 * headers {@link CatalogController} sends. Only paths and queries that need no decoding and that the
 * controller's validation accepts are taken, each parameter at most once; anything else (an
 * encoded or unknown parameter, a value out of range) is left to the controller, which validates
 * and answers it.
 */
@Component
class CatalogCachedReads implements CachedReads {

    private static final String LIST = "/api/products";
    private static final String DETAIL = "/api/products/";
    private static final String JSON = MediaType.APPLICATION_JSON_VALUE;
    private static final String PRODUCT_CACHE = CatalogController.PRODUCT_CACHE.getHeaderValue();
    private static final String LIST_CACHE = CatalogController.LIST_CACHE.getHeaderValue();

    private final ProductPages pages;
    private final ProductLists lists;

    CatalogCachedReads(ProductPages pages, ProductLists lists) {
        this.pages = pages;
        this.lists = lists;
    }

    @Override
    public CachedAnswer find(String path, String query) {
        if (path.length() > DETAIL.length() && path.startsWith(DETAIL)) {
            return query == null ? detail(path.substring(DETAIL.length())) : null;
        }
        return path.equals(LIST) ? list(query) : null;
    }

    private CachedAnswer detail(String idOrSlug) {
        if (idOrSlug.length() > 120 || !only(idOrSlug, "abcdefghijklmnopqrstuvwxyz0123456789-")) {
            return null;
        }
        ProductPages.ProductPage page = pages.cached(idOrSlug, ProductPages.GUEST);
        return page == null ? null : new CachedAnswer("/api/products/{idOrSlug}", JSON, page.etag(), PRODUCT_CACHE, page.body());
    }

    private CachedAnswer list(String query) {
        String category = null;
        String brand = null;
        String cursor = null;
        int limit = -1;
        if (query != null) {
            for (String parameter : query.split("&", -1)) {
                int equals = parameter.indexOf('=');
                String name = equals < 0 ? parameter : parameter.substring(0, equals);
                String value = equals < 0 ? "" : parameter.substring(equals + 1);
                switch (name) {
                    case "limit" -> {
                        if (limit != -1 || (limit = limit(value)) < 0) {
                            return null;
                        }
                    }
                    case "category" -> {
                        if (category != null || value.isEmpty() || value.length() > 300 || !only(value, "abcdefghijklmnopqrstuvwxyz0123456789/-")) {
                            return null;
                        }
                        category = value;
                    }
                    case "brand" -> {
                        if (brand != null || value.isEmpty() || value.length() > 100 || !unreserved(value)) {
                            return null;
                        }
                        brand = value;
                    }
                    case "cursor" -> {
                        if (cursor != null || value.isEmpty() || value.length() > 100 || !unreserved(value)) {
                            return null;
                        }
                        cursor = value;
                    }
                    default -> {
                        return null;
                    }
                }
            }
        }
        ProductLists.ListPage page = lists.cached(category, brand, cursor, limit == -1 ? 20 : limit, ProductPages.GUEST);
        return page == null ? null : new CachedAnswer(LIST, JSON, page.etag(), LIST_CACHE, page.body());
    }

    /** 1 to 100 written plainly (what {@code @Min(1) @Max(100) int} accepts, less the spellings nobody sends); -2 otherwise. */
    private static int limit(String value) {
        if (value.isEmpty() || value.length() > 3 || value.charAt(0) == '0' || !only(value, "0123456789")) {
            return -2;
        }
        int limit = Integer.parseInt(value);
        return limit <= 100 ? limit : -2;
    }

    /** Characters a query value carries as they are: no percent-decoding or {@code +} to undo. */
    private static boolean unreserved(String value) {
        return only(value, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~");
    }

    private static boolean only(String value, String allowed) {
        for (int i = 0; i < value.length(); i++) {
            if (allowed.indexOf(value.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }
}
