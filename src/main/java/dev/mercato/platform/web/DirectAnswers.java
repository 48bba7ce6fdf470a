package dev.mercato.platform.web;

import java.io.IOException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.validation.Validator;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.ServerHttpObservationFilter;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the filters that answer a hot route ahead of Spring Security's chain and Spring MVC (the cart
 * add, the guest session) share: which requests are plain enough to take, how a taken one is counted
 * and how its JSON answer is written. Each such filter must give the controller's answer; anything
 * it does not take goes on to the chain and MVC unchanged.
 */
public final class DirectAnswers {

    private DirectAnswers() {
    }

    /** {@code http_direct_answers_total{uri}}: requests to the route answered ahead of the chain (also in http_server_requests). */
    public static Counter counter(MeterRegistry meters, String path) {
        return Counter.builder("http.direct.answers").tag("uri", path)
                .description("requests answered ahead of Spring Security's chain and Spring MVC (also in http_server_requests)")
                .register(meters);
    }

    /**
     * No context path, no query, no {@code Origin} (CORS is the chain's) and an {@code Accept} that
     * takes JSON as it is (none, any, or exactly {@code application/json}): the controller's content
     * negotiation then has nothing to decide.
     */
    public static boolean plain(HttpServletRequest request) {
        if (!request.getContextPath().isEmpty() || request.getQueryString() != null || request.getHeader(HttpHeaders.ORIGIN) != null) {
            return false;
        }
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        return accept == null || accept.equals("*/*") || accept.equals("application/json");
    }

    /** {@code Content-Type: application/json}, with no other charset than UTF-8. */
    public static boolean jsonBody(HttpServletRequest request) {
        String contentType = request.getContentType();
        return contentType != null && (contentType.equalsIgnoreCase("application/json")
                || contentType.equalsIgnoreCase("application/json;charset=UTF-8")
                || contentType.equalsIgnoreCase("application/json; charset=UTF-8"));
    }

    /**
     * The body as the controller's {@code @Valid @RequestBody} would read it, when it does so without
     * a refusal: a JSON content type ({@link #jsonBody}), printable ASCII only ({@link Utf8JsonBodies} and {@link SafeText} judge anything
     * else), read by the same mapper, passing the same Bean Validation constraints. Otherwise null,
     * and MVC then says why.
     */
    public static <T> T validBody(HttpServletRequest request, JsonMapper json, Validator validator, Class<T> type) {
        byte[] body = jsonBody(request) ? BufferedBody.of(request) : null;
        if (body == null) {
            return null;
        }
        for (byte b : body) {
            if (b < 0x20 && b != '\t' && b != '\n' && b != '\r' || b > 0x7e) {
                return null;
            }
        }
        T value;
        try {
            value = json.readValue(body, type);
        } catch (JacksonException e) {
            return null;
        }
        return value != null && validator.validate(value).isEmpty() ? value : null;
    }

    /** The request is taken: counted, and observed under the route's pattern as MVC would. */
    public static void taken(HttpServletRequest request, Counter counter, String pattern) {
        ServerHttpObservationFilter.findObservationContext(request).ifPresent(context -> context.setPathPattern(pattern));
        counter.increment();
    }

    public static void json(HttpServletResponse response, int status, byte[] body) throws IOException {
        write(response, status, MediaType.APPLICATION_JSON_VALUE, body);
    }

    public static void write(HttpServletResponse response, int status, String contentType, byte[] body) throws IOException {
        response.setStatus(status);
        response.setContentType(contentType);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
