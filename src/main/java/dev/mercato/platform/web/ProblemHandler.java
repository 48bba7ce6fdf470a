package dev.mercato.platform.web;

import java.net.URI;
import java.util.Comparator;
import java.util.List;

import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.Nullable;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Turns every error a controller can raise into an RFC 9457 problem. Client mistakes become 4xx
 * with a field list where one applies; only genuine faults become 500, and those carry the request
 * id so an operator can find the stack trace in the logs.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(ProblemException.class)
    ResponseEntity<Object> handleProblem(ProblemException e) {
        if (e instanceof RateLimitedException limited) {
            return ResponseEntity.status(e.status()).header(HttpHeaders.RETRY_AFTER, Long.toString(limited.retryAfterSeconds()))
                    .body(e.toProblemDetail());
        }
        return ResponseEntity.status(e.status()).body(e.toProblemDetail());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> handleTypeMismatch(MethodArgumentTypeMismatchException e) {
        String expected = e.getRequiredType() == null ? "another type" : e.getRequiredType().getSimpleName();
        return validationProblem("Parameter '" + e.getName() + "' is malformed",
                List.of(new FieldError(e.getName(), "must be a valid " + expected)));
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<Object> handleConstraintViolation(ConstraintViolationException e) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(lastNode(v.getPropertyPath().toString()), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field))
                .toList();
        return validationProblem("Request has invalid fields", errors);
    }

    @ExceptionHandler(BodyTooLargeException.class)
    ResponseEntity<Object> handleBodyTooLarge(BodyTooLargeException e) {
        return problem(HttpStatus.CONTENT_TOO_LARGE, "content-too-large", "Request body too large", e.getMessage());
    }

    /**
     * Lock timeouts, deadlock victims and a pool with no free connection are transient: the request
     * changed nothing and may simply be sent again, which the client is told with 503 and
     * Retry-After instead of a 500.
     */
    @ExceptionHandler({PessimisticLockingFailureException.class, CannotCreateTransactionException.class,
            CannotGetJdbcConnectionException.class})
    ResponseEntity<Object> handleTransientDatabaseFailure(Exception e) {
        log.warn("transient database failure, client asked to retry: {}", e.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
                .body(ProblemResponses.tryAgainProblem());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> handleUnexpected(Exception e) {
        log.error("unhandled error", e);
        return ResponseEntity.internalServerError().body(ProblemResponses.internalErrorProblem());
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return validationProblem("Request has invalid fields", fieldErrors(e.getBindingResult()));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = e.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream()
                        .map(error -> new FieldError(result.getMethodParameter().getParameterName(),
                                error.getDefaultMessage())))
                .toList();
        return validationProblem("Request has invalid parameters", errors);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Throwable cause = e.getMostSpecificCause();
        if (cause instanceof BodyTooLargeException tooLarge) {
            return handleBodyTooLarge(tooLarge);
        }
        if (cause instanceof InvalidFormatException invalid && invalid.getTargetType() == String.class) {
            String field = invalid.getPath().isEmpty() ? "body" : JsonPaths.of(invalid);
            return validationProblem("Field '" + field + "' " + SafeText.RULE, List.of(new FieldError(field, SafeText.RULE)));
        }
        if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            String field = JsonPaths.of(mismatch);
            return validationProblem("Field '" + field + "' has the wrong type",
                    List.of(new FieldError(field, "has the wrong type or format")));
        }
        if (cause instanceof java.io.CharConversionException) {
            return problem(HttpStatus.BAD_REQUEST, "malformed-body", "Malformed request body", Utf8JsonBodies.NOT_UTF8);
        }
        if (cause instanceof MismatchedInputException) {
            // e.g. an array or a bare string where an object is expected; Jackson's own text names our classes
            return problem(HttpStatus.BAD_REQUEST, "malformed-body", "Malformed request body",
                    "Request body must be a JSON object with the fields this route documents");
        }
        if (cause instanceof DatabindException databind && !databind.getPath().isEmpty()) {
            String field = JsonPaths.of(databind);
            return validationProblem("Field '" + field + "' is invalid",
                    List.of(new FieldError(field, "is invalid")));
        }
        String detail = cause instanceof JacksonException json && !namesCode(json.getOriginalMessage())
                ? "Request body is not valid JSON: " + json.getOriginalMessage()
                : "Request body is missing, unreadable or not valid JSON";
        return problem(HttpStatus.BAD_REQUEST, "malformed-body", "Malformed request body", detail);
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        // give Spring's own problems (404 route, 405, 415, 406 ...) a type in our namespace
        if (body instanceof ProblemDetail problem
                && (problem.getType() == null || URI.create("about:blank").equals(problem.getType()))) {
            problem.setType(URI.create(ProblemException.TYPE_BASE + slug(statusCode)));
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    private static ResponseEntity<Object> validationProblem(String detail, List<FieldError> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setType(URI.create(ProblemException.TYPE_BASE + "validation"));
        problem.setTitle("Validation failed");
        problem.setProperty("errors", errors);
        return ResponseEntity.badRequest().body(problem);
    }

    private static ResponseEntity<Object> problem(HttpStatus status, String code, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(ProblemException.TYPE_BASE + code));
        problem.setTitle(title);
        return ResponseEntity.status(status).body(problem);
    }

    private static List<FieldError> fieldErrors(BindingResult result) {
        return result.getFieldErrors().stream()
                .map(error -> new FieldError(error.getField(), error.getDefaultMessage()))
                .sorted(Comparator.comparing(FieldError::field))
                .toList();
    }

    private static String lastNode(String propertyPath) {
        int dot = propertyPath.indexOf('.');
        return dot < 0 ? propertyPath : propertyPath.substring(dot + 1);
    }

    /** Parser messages that quote a Java type would tell a client how the code is built. */
    private static boolean namesCode(String message) {
        return message == null || message.contains("dev.mercato") || message.contains("java.") || message.contains("`");
    }

    static String slug(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "http-" + status.value() : known.name().toLowerCase().replace('_', '-');
    }
}
