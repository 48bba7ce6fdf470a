package dev.mercato.platform.web;

import java.io.IOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Admission control: at most {@code maxConcurrentRequests} API requests run at once; the rest wait
 * here, in arrival order, parked at almost no cost. With virtual threads nothing else bounds
 * concurrency, and thousands of requests queueing inside the connection pool instead make HikariCP
 * spin handing connections over (measured: a 1,000-buyer flash sale fell to ~100 requests/s with
 * the database idle). A request that cannot get in within {@code admissionTimeout} gets 503.
 * Bodies have been read by then ({@link BodyBeforeAdmissionFilter}), so a slow upload waits
 * outside and takes a slot only when there is work to do.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class ConcurrencyLimitFilter extends OncePerRequestFilter {

    private final Semaphore permits;
    private final WebSettings settings;
    private final ProblemResponses problems;

    ConcurrencyLimitFilter(WebSettings settings, ProblemResponses problems) {
        this.settings = settings;
        this.problems = problems;
        this.permits = new Semaphore(settings.maxConcurrentRequests(), true);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean admitted;
        try {
            admitted = permits.tryAcquire(settings.admissionTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            admitted = false;
        }
        if (!admitted) {
            response.setHeader(HttpHeaders.RETRY_AFTER, "1");
            problems.write(response, HttpStatus.SERVICE_UNAVAILABLE, "overloaded", "Too busy",
                    "The shop is at capacity right now; nothing was changed, please retry");
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            permits.release();
        }
    }
}
