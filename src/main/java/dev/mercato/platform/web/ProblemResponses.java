package dev.mercato.platform.web;

import java.io.IOException;
import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;
import tools.jackson.databind.json.JsonMapper;

/** Writes a problem straight to the response, for code that runs before Spring MVC (filters, security). */
@Component
public class ProblemResponses {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

    private final JsonMapper json;

    ProblemResponses(JsonMapper json) {
        this.json = json;
    }

    /** What {@link #tryAgain} and {@code ProblemHandler} tell a client whose request met a transient database failure. */
    static final String TRY_AGAIN = "The request could not be completed because of contention; nothing was changed, please retry";

    /**
     * Lock timeouts, deadlock victims and a pool with no free connection, met before Spring MVC (the
     * bearer token's session look-up): 503 {@code try-again} with Retry-After, as {@code ProblemHandler}
     * answers them after it, instead of the container's 500.
     */
    public static boolean isTransientDatabaseFailure(RuntimeException e) {
        return e instanceof PessimisticLockingFailureException
                || e instanceof CannotCreateTransactionException
                || e instanceof CannotGetJdbcConnectionException;
    }

    public void tryAgain(HttpServletResponse response) throws IOException {
        response.setHeader(HttpHeaders.RETRY_AFTER, "1");
        write(response, HttpStatus.SERVICE_UNAVAILABLE, "try-again", "Try again", TRY_AGAIN);
    }

    public void write(HttpServletResponse response, HttpStatus status, String code, String title, String detail)
            throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(ProblemException.TYPE_BASE + code));
        problem.setTitle(title);
        problem.setProperty("requestId", RequestIdFilter.currentRequestId());
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), problem);
    }

    /**
     * A failure of a request answered ahead of Spring MVC (its handler ran in a filter), answered as
     * {@code ProblemHandler} answers the same failure after MVC: a {@link ProblemException} as its
     * problem, a transient database failure as 503 {@code try-again}, anything else as a logged 500.
     * Like MVC, the problem names the request path as its {@code instance} and has no charset.
     */
    public void write(HttpServletRequest request, HttpServletResponse response, RuntimeException failure) throws IOException {
        ProblemDetail problem;
        if (failure instanceof ProblemException refusal) {
            problem = refusal.toProblemDetail();
            if (refusal instanceof RateLimitedException limited) {
                response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(limited.retryAfterSeconds()));
            }
        } else if (isTransientDatabaseFailure(failure)) {
            log.warn("transient database failure, client asked to retry: {}", failure.getMessage());
            response.setHeader(HttpHeaders.RETRY_AFTER, "1");
            problem = tryAgainProblem();
        } else {
            log.error("unhandled error", failure);
            problem = internalErrorProblem();
        }
        problem.setInstance(URI.create(request.getRequestURI()));
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }

    static ProblemDetail tryAgainProblem() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, TRY_AGAIN);
        problem.setType(URI.create(ProblemException.TYPE_BASE + "try-again"));
        problem.setTitle("Try again");
        problem.setProperty("requestId", RequestIdFilter.currentRequestId());
        return problem;
    }

    static ProblemDetail internalErrorProblem() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "An unexpected error occurred; quote the request id when reporting it");
        problem.setType(URI.create(ProblemException.TYPE_BASE + "internal-error"));
        problem.setProperty("requestId", RequestIdFilter.currentRequestId());
        return problem;
    }
}
