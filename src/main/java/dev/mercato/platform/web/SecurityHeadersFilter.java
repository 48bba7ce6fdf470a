package dev.mercato.platform.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts the browser-hardening headers on every answer before anything else runs, so they are there
 * whoever writes the answer: a controller, a problem from the security entry points, the admission
 * and size-limit filters, or the error controller after {@code sendError}. Spring Security's own
 * header writer sees them set and leaves them alone; it adds {@code Cache-Control} where nothing
 * else did, and HSTS on requests that arrived over TLS.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class SecurityHeadersFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // a JSON answer must never be sniffed into HTML or script
        response.setHeader("X-Content-Type-Options", "nosniff");
        // URLs carry ids and cursors; links followed from our pages need not tell other sites
        response.setHeader("Referrer-Policy", "no-referrer");
        // nothing Mercato serves is meant to be framed by another page (clickjacking)
        response.setHeader("X-Frame-Options", "DENY");
        chain.doFilter(request, response);
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }
}
