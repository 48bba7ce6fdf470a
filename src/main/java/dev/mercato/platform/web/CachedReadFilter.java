package dev.mercato.platform.web;

import java.io.IOException;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * Answers an anonymous cache hit of a catalog or availability read from the bytes the cache holds,
 * before the request reaches the DispatcherServlet: 200 with the body, or 304 when
 * {@code If-None-Match} is the answer's ETag. Spring MVC's dispatch (handler lookup, argument
 * resolution and validation, return value handling, message conversion) was about 40% of a cached
 * product read's CPU samples in the issue 13 profile; what is left here is a map lookup or two and
 * one write.
 *
 * <p>The answer is exactly what the controller sends (same status, headers and bytes:
 * {@code CachedReadsMatchTheControllersTests} compares them), because the modules answer through
 * {@link CachedReads} with the controller's own cached composition. Only the plain case is taken: a
 * GET on the REQUEST dispatch with no body, no {@code Authorization} (a token, good or bad, is the
 * security chain's to judge), no {@code Origin} (CORS decides cross-origin reads), no precondition
 * other than a single {@code If-None-Match} value, an {@code Accept} that takes JSON, and a path and
 * query the module recognises character by character. Everything else, a miss included, goes on to
 * MVC unchanged. It runs after the request id, the security headers and the
 * {@code http.server.requests} observation (so the read is still counted there, with its route
 * pattern as {@code uri}), and before admission control: a hit needs no database connection, so it
 * does not queue behind the requests that do. Such reads skip Spring Security's chain already
 * (SecurityConfiguration#anonymousCatalogReads); since this runs before the chain's firewall, the
 * modules accept only paths without encoded, dot or parameter segments, and the rest go through it.
 * Hits are also counted in {@code http_cached_answers_total{uri}}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class CachedReadFilter extends OncePerRequestFilter {

    private final ObjectProvider<CachedReads> provider;
    private final MeterRegistry meters;
    private volatile List<CachedReads> readers;
    private final java.util.concurrent.ConcurrentHashMap<String, Counter> answered = new java.util.concurrent.ConcurrentHashMap<>();

    CachedReadFilter(ObjectProvider<CachedReads> readers, MeterRegistry meters) {
        this.provider = readers;
        this.meters = meters;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"GET".equals(request.getMethod()) || !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        CachedAnswer answer = plain(request) ? find(request) : null;
        if (answer == null) {
            chain.doFilter(request, response);
            return;
        }
        String ifNoneMatch = request.getHeader(HttpHeaders.IF_NONE_MATCH);
        boolean notModified = ifNoneMatch != null && ifNoneMatch.equals(answer.etag());
        if (ifNoneMatch != null && !notModified && !singleStrongTag(ifNoneMatch)) {
            chain.doFilter(request, response); // a list, a weak tag or *: MVC's comparison decides
            return;
        }
        ServerHttpObservationFilter.findObservationContext(request).ifPresent(context -> context.setPathPattern(answer.pathPattern()));
        counter(answer.pathPattern()).increment();
        write(answer, notModified, response);
    }

    private CachedAnswer find(HttpServletRequest request) {
        String path = request.getRequestURI();
        String query = request.getQueryString();
        for (CachedReads reader : readers()) {
            CachedAnswer answer = reader.find(path, query);
            if (answer != null) {
                return answer;
            }
        }
        return null;
    }

    /**
     * The headers in the order the controller's answer has them: a 304 gets the ETag first (Spring's
     * {@code checkNotModified} sets it, then the entity's headers follow), a 200 the entity's order.
     */
    private static void write(CachedAnswer answer, boolean notModified, HttpServletResponse response) throws IOException {
        if (notModified) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            response.setHeader(HttpHeaders.ETAG, answer.etag());
            if (answer.cacheControl() != null) {
                response.setHeader(HttpHeaders.CACHE_CONTROL, answer.cacheControl());
            }
            return;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        if (answer.cacheControl() != null) {
            response.setHeader(HttpHeaders.CACHE_CONTROL, answer.cacheControl());
        }
        if (answer.etag() != null) {
            response.setHeader(HttpHeaders.ETAG, answer.etag());
        }
        response.setContentType(answer.contentType());
        response.setContentLength(answer.body().length);
        response.getOutputStream().write(answer.body());
    }

    /** The plain anonymous GET this filter may answer; see the class comment for why each test is here. */
    private static boolean plain(HttpServletRequest request) {
        if (!request.getContextPath().isEmpty()
                || request.getHeader(HttpHeaders.AUTHORIZATION) != null
                || request.getHeader(HttpHeaders.ORIGIN) != null
                || request.getHeader(HttpHeaders.IF_MATCH) != null
                || request.getHeader(HttpHeaders.IF_MODIFIED_SINCE) != null
                || request.getHeader(HttpHeaders.IF_UNMODIFIED_SINCE) != null
                || request.getHeader(HttpHeaders.RANGE) != null
                || request.getHeader(HttpHeaders.CONTENT_LENGTH) != null
                || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
            return false;
        }
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        return accept == null || accept.equals("*/*") || accept.equals("application/json");
    }

    private static boolean singleStrongTag(String value) {
        return value.length() >= 2 && value.charAt(0) == '"' && value.indexOf('"', 1) == value.length() - 1;
    }

    private List<CachedReads> readers() {
        List<CachedReads> found = readers;
        if (found == null) {
            found = provider.orderedStream().toList();
            readers = found;
        }
        return found;
    }

    private Counter counter(String pattern) {
        return answered.computeIfAbsent(pattern, p -> Counter.builder("http.cached.answers").tag("uri", p)
                .description("catalog and availability reads answered from memory ahead of Spring MVC (also in http_server_requests)")
                .register(meters));
    }
}
