package dev.mercato.platform.web;

/**
 * What {@link CachedReadFilter} sends for a cache hit: a 200 with these headers and bytes, or a 304
 * when the request's {@code If-None-Match} is this ETag.
 *
 * @param pathPattern  the controller's route pattern, for the {@code uri} tag of {@code http_server_requests}
 * @param contentType  the Content-Type the controller sends
 * @param etag         the strong ETag (quoted), or null when the route sends none (then no 304 either)
 * @param cacheControl the Cache-Control value the controller sends, or null for none
 * @param body         the body bytes; not copied, so never changed after being handed over
 */
public record CachedAnswer(String pathPattern, String contentType, String etag, String cacheControl, byte[] body) {
}
