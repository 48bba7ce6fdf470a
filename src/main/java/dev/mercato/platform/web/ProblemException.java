package dev.mercato.platform.web;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * A business refusal that maps one to one onto an RFC 9457 problem response. Thrown by module code
 * that knows why a request cannot be served (unknown product, email taken, insufficient stock) so
 * that controllers stay free of status-code plumbing.
 */
public class ProblemException extends RuntimeException {

    public static final String TYPE_BASE = "https://mercato.dev/problems/";

    private final HttpStatus status;
    private final String code;
    private final String title;
    private final Map<String, Object> properties = new LinkedHashMap<>();

    public ProblemException(HttpStatus status, String code, String title, String detail) {
        super(detail);
        this.status = status;
        this.code = code;
        this.title = title;
    }

    public static ProblemException notFound(String what, Object id) {
        return new ProblemException(HttpStatus.NOT_FOUND, "not-found", "Not found", what + " '" + id + "' does not exist");
    }

    public static ProblemException badRequest(String code, String detail) {
        return new ProblemException(HttpStatus.BAD_REQUEST, code, "Bad request", detail);
    }

    public static ProblemException conflict(String code, String detail) {
        return new ProblemException(HttpStatus.CONFLICT, code, "Conflict", detail);
    }

    public ProblemException with(String property, Object value) {
        properties.put(property, value);
        return this;
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public ProblemDetail toProblemDetail() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, getMessage());
        problem.setType(URI.create(TYPE_BASE + code));
        problem.setTitle(title);
        properties.forEach(problem::setProperty);
        return problem;
    }
}
