package dev.mercato.platform.web;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Closes a gap Tomcat's graceful shutdown leaves. That shutdown pauses the connector and then polls
 * for requests inside the servlet container (servlets allocated, async requests in progress); a
 * request whose request line was read before the pause but that had not reached the servlet when a
 * poll came (microseconds, or seconds on a loaded machine) is not seen: the shutdown reports
 * "complete" and the request then runs while the web server is stopped under it, its connection
 * closed or recycled mid-request. Such a request is the likeliest source of the well-formed cart
 * add that GracefulShutdownTests once saw answered 400 during SIGTERM under load.
 *
 * <p>Every request is counted here, before all filters but the request id. Once the graceful
 * shutdown is over, this lifecycle (the next phase) stops letting requests in, answering them 503
 * {@code shutting-down} with Retry-After and {@code Connection: close} (nothing read or changed;
 * the client retries on another node or after the restart), and waits up to 15 s for the counted
 * ones to finish before the web server stops and the beans they use are destroyed. A request is
 * counted before it reads the flag, so one that gets past the flag is always waited for.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1) // after RequestIdFilter: its refusals carry the request id
class ShutdownDrainFilter extends OncePerRequestFilter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ShutdownDrainFilter.class);
    /** Right after the web server's graceful shutdown, before the web server itself stops. */
    private static final int PHASE = WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE - 1;
    private static final Duration LONGEST_DRAIN = Duration.ofSeconds(15);

    private final ProblemResponses problems;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private volatile boolean draining;
    private volatile boolean running;

    ShutdownDrainFilter(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        inFlight.incrementAndGet();
        try {
            if (draining) {
                response.setHeader(HttpHeaders.RETRY_AFTER, "1");
                response.setHeader(HttpHeaders.CONNECTION, "close");
                problems.write(response, HttpStatus.SERVICE_UNAVAILABLE, "shutting-down", "Shutting down",
                        "This server is shutting down; nothing was changed, please retry");
                return;
            }
            chain.doFilter(request, response);
        } finally {
            if (inFlight.decrementAndGet() == 0 && draining) {
                signalIdle();
            }
        }
    }

    /**
     * Also called again after a {@link #stop} that was not a shutdown: Spring's test framework pauses
     * a cached context it is not using (stopping its lifecycles) and starts it again when a test needs it.
     */
    @Override
    public void start() {
        draining = false;
        running = true;
    }

    @Override
    public void stop() {
        draining = true;
        long left = LONGEST_DRAIN.toNanos();
        lock.lock();
        try {
            while (inFlight.get() > 0 && left > 0) {
                left = idle.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
        int unfinished = inFlight.get();
        if (unfinished > 0) {
            log.warn("requests still running when the web server stops count={}", unfinished);
        }
        running = false;
    }

    private void signalIdle() {
        lock.lock();
        try {
            idle.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
