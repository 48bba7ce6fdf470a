package dev.mercato.platform.web;

import java.io.IOException;
import java.net.URI;

import jakarta.servlet.http.HttpServletResponse;
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
}
