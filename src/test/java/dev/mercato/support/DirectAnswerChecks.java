package dev.mercato.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * What the tests of a route answered ahead of the security chain and Spring MVC compare: which path
 * answered ({@code http_direct_answers_total}), that both count in {@code http_server_requests}
 * under the route, and the answers with what differs from request to request masked.
 */
public final class DirectAnswerChecks {

    /** An {@code Accept} the direct filters pass on to MVC and the controllers ignore: one answer from each path. */
    public static final String VIA_MVC = "application/json;q=0.9";

    private DirectAnswerChecks() {
    }

    public static double direct(MeterRegistry meters, String path) {
        Counter counter = meters.find("http.direct.answers").tag("uri", path).counter();
        return counter == null ? 0 : counter.count();
    }

    /** Recorded before the container closes the connection, which RawHttp reads to. */
    public static double requests(MeterRegistry meters, String path) {
        return meters.find("http.server.requests").tag("uri", path).timers().stream().mapToLong(Timer::count).sum();
    }

    /**
     * Every header line in order but {@code Date}; a length or chunks as "(framing)" (the same body
     * either way: MVC flushes a problem before it ends, so chunks it); a {@code Location} as the route
     * of some order.
     */
    public static List<String> headersButDate(RawHttp.Answer answer) {
        return answer.headerLines().stream().filter(h -> !h.regionMatches(true, 0, "Date:", 0, 5))
                .map(h -> h.regionMatches(true, 0, "Content-Length:", 0, 15) || h.equalsIgnoreCase("Transfer-Encoding: chunked")
                        ? "(framing)" : h)
                .map(h -> h.regionMatches(true, 0, "Location:", 0, 9) ? "Location: (order)" : h)
                .toList();
    }

    /** The direct answer is the controller's: status, headers in order and the masked body. */
    public static void assertSameAnswer(RawHttp.Answer direct, RawHttp.Answer viaMvc) {
        assertThat(direct.status()).isEqualTo(viaMvc.status());
        assertThat(headersButDate(direct)).isEqualTo(headersButDate(viaMvc));
        assertThat(masked(direct.body())).isEqualTo(masked(viaMvc.body()));
    }

    /** Ids and times differ from request to request; everything else must not. */
    public static String masked(String body) {
        return body.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "(id)")
                .replaceAll("\\d{4}-\\d{2}-\\d{2}T[0-9:.]+Z", "(time)")
                .replaceAll("\"token\":\"[^\"]+\"", "\"token\":\"(token)\"");
    }
}
