package dev.mercato.platform.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A filter that answers {@code POST} to one exact path ahead of Spring Security's chain and Spring
 * MVC when the request is plain enough ({@link DirectAnswers}), and passes everything else on. Its
 * answers are counted in {@code http_direct_answers_total{uri}} and observed under the path.
 */
public abstract class DirectPostFilter extends OncePerRequestFilter {

    private final String path;
    private final Counter answered;

    protected DirectPostFilter(String path, MeterRegistry meters) {
        this.path = path;
        this.answered = DirectAnswers.counter(meters, path);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || !path.equals(request.getRequestURI());
    }

    /** The request is answered here: counted, and observed under the path as MVC would. */
    protected void taken(HttpServletRequest request) {
        DirectAnswers.taken(request, answered, path);
    }
}
