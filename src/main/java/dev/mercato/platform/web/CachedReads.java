package dev.mercato.platform.web;

/**
 * A module's anonymous reads that can be answered from memory, ahead of Spring MVC
 * ({@link CachedReadFilter}). An implementation recognises the paths it owns and answers only
 * when the whole answer is already held (a cache hit), with exactly what its controller would
 * send; anything else, a miss included, is null and the request goes to the controller as usual.
 * Called on a server thread for every eligible GET: must not block, load or touch the database.
 */
public interface CachedReads {

    /**
     * @param path  the raw request path (not decoded), e.g. {@code /api/products/42}
     * @param query the raw query string, or null when the request has none
     * @return the answer as the controller would send it for an anonymous caller, or null
     */
    CachedAnswer find(String path, String query);
}
