package dev.mercato.platform.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request whose {@code Content-Type} is not one concrete media type (415) before anything
 * reads it. Spring parses the header lazily, deep inside argument resolution, and a wildcard such
 * as {@code *}{@code /*} or an unparseable value was thrown from there as a 500.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class ContentTypeFilter extends OncePerRequestFilter {

    private final ProblemResponses problems;

    ContentTypeFilter(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getContentType();
        if (header != null && !isConcrete(header)) {
            problems.write(response, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported Media Type",
                    "Content-Type must name one media type, e.g. application/json");
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean isConcrete(String header) {
        try {
            return !MediaType.parseMediaType(header).isWildcardType() && !MediaType.parseMediaType(header).isWildcardSubtype();
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }
}
