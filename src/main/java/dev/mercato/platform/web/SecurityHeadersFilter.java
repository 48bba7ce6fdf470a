package dev.mercato.platform.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts the browser-hardening headers on every answer before anything else runs, so they are there
 * whoever writes the answer: a controller, a problem from the security entry points, the admission
 * and size-limit filters, or the error controller after {@code sendError}. Spring Security's own
 * header writer sees them set and leaves them alone (its HSTS writer is off: this one also
 * recognises TLS ended at a proxy); it adds {@code Cache-Control} where nothing else did.
 *
 * <p>The content security policy depends on what the answer is, which is known only when its
 * content type is set: HTML pages get the configured page policy, everything else the API's
 * load-nothing policy. So the response is wrapped to pick the policy as the type is set.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class SecurityHeadersFilter extends OncePerRequestFilter {

    static final String CSP = "Content-Security-Policy";

    private final SecurityHeadersSettings settings;

    SecurityHeadersFilter(SecurityHeadersSettings settings) {
        this.settings = settings;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // a JSON answer must never be sniffed into HTML or script
        response.setHeader("X-Content-Type-Options", "nosniff");
        // URLs carry ids and cursors; links followed from our pages need not tell other sites
        response.setHeader("Referrer-Policy", "no-referrer");
        // nothing Mercato serves is meant to be framed by another page (clickjacking)
        response.setHeader("X-Frame-Options", settings.frameOptions());
        response.setHeader(CSP, SecurityHeadersSettings.API_POLICY);
        if (settings.hsts().enabled() && overTls(request)) {
            response.setHeader("Strict-Transport-Security", settings.hsts().value());
        }
        chain.doFilter(request, new PolicyByContentType(response, settings.contentSecurityPolicy()));
    }

    /** A TLS connection, or a TLS-terminating proxy's word for it (the first hop it names). */
    static boolean overTls(HttpServletRequest request) {
        if (request.isSecure()) {
            return true;
        }
        String forwardedProto = request.getHeader("X-Forwarded-Proto");
        if (forwardedProto != null && forwardedProto.split(",")[0].trim().equalsIgnoreCase("https")) {
            return true;
        }
        String forwarded = request.getHeader("Forwarded");
        return forwarded != null && forwarded.split(",")[0].toLowerCase().replace(" ", "").contains("proto=https");
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    /** Switches the policy to the page policy when the answer turns out to be HTML. */
    private static final class PolicyByContentType extends HttpServletResponseWrapper {
        private final String pagePolicy;

        PolicyByContentType(HttpServletResponse response, String pagePolicy) {
            super(response);
            this.pagePolicy = pagePolicy;
        }

        @Override
        public void setContentType(String type) {
            super.setContentType(type);
            choose(type);
        }

        @Override
        public void setHeader(String name, String value) {
            super.setHeader(name, value);
            if (HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)) {
                choose(value);
            }
        }

        @Override
        public void addHeader(String name, String value) {
            super.addHeader(name, value);
            if (HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)) {
                choose(value);
            }
        }

        private void choose(String type) {
            if (isCommitted()) {
                return;
            }
            boolean html = type != null && type.toLowerCase().startsWith("text/html");
            super.setHeader(CSP, html ? pagePolicy : SecurityHeadersSettings.API_POLICY);
        }
    }
}
