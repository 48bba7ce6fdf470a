package dev.mercato.platform.security;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.web.header.HeaderWriter;
import org.springframework.security.web.header.writers.CacheControlHeadersWriter;
import org.springframework.security.web.header.writers.XContentTypeOptionsHeaderWriter;
import org.springframework.security.web.header.writers.XXssProtectionHeaderWriter;
import org.springframework.security.web.header.writers.frameoptions.XFrameOptionsHeaderWriter;

/**
 * The headers {@link SecurityConfiguration}'s chain puts on every answer it lets through, for a route
 * answered ahead of the chain (the cart add): its default writers in the chain's order, HSTS left
 * out as it is there. {@code platform.web.SecurityHeadersFilter} has set the content-type and frame
 * options already, so, as in the chain, those two writers find them and add nothing; what is left
 * is {@code X-XSS-Protection: 0} and the no-store caching headers a session's answer needs.
 */
public final class SessionRouteHeaders {

    private static final List<HeaderWriter> CHAIN_DEFAULTS = List.of(new XContentTypeOptionsHeaderWriter(),
            new XXssProtectionHeaderWriter(), new CacheControlHeadersWriter(), new XFrameOptionsHeaderWriter());

    private SessionRouteHeaders() {
    }

    public static void write(HttpServletRequest request, HttpServletResponse response) {
        for (HeaderWriter writer : CHAIN_DEFAULTS) {
            writer.writeHeaders(request, response);
        }
    }
}
