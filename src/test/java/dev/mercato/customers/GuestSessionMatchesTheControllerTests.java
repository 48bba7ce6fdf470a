package dev.mercato.customers;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.mercato.support.DirectAnswerChecks.VIA_MVC;
import static dev.mercato.support.DirectAnswerChecks.direct;
import static dev.mercato.support.DirectAnswerChecks.headersButDate;
import static dev.mercato.support.DirectAnswerChecks.masked;
import static dev.mercato.support.DirectAnswerChecks.requests;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.mercato.support.ApiTest;
import dev.mercato.support.RawHttp;

/**
 * A plain {@code POST /api/auth/guest} is answered ahead of the security chain and Spring MVC
 * ({@code customers.web.GuestSessionFilter}); its answer must be the controller's: status line, every
 * header in order (but {@code Date}) and the body with the token masked. Each case is sent once as the
 * filter takes it and once with an {@code Accept} the filter passes on and the controller ignores,
 * which the {@code http_direct_answers_total} counter tells apart; both count in
 * {@code http_server_requests} under the route. The session it gives works like the controller's.
 */
class GuestSessionMatchesTheControllerTests extends ApiTest {

    private static final String PATH = "/api/auth/guest";

    @Autowired
    MeterRegistry meters;

    @Test
    void aGuestSessionIsTheControllersAnswer() {
        RawHttp.Answer fast = guest(1, List.of(), null);
        RawHttp.Answer viaMvc = guest(0, List.of("Accept", VIA_MVC), null);
        assertThat(fast.status()).as(fast.toString()).isEqualTo(201);
        assertThat(headersButDate(fast)).isEqualTo(headersButDate(viaMvc));
        assertThat(masked(fast.body())).isEqualTo(masked(viaMvc.body())).isEqualTo("{\"token\":\"(token)\",\"roles\":[\"guest\"]}");

        String token = fast.body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
        var cart = api.get("/api/cart", token);
        assertThat(cart.status()).as("the session is a guest's like any other: " + cart).isEqualTo(200);
    }

    @Test
    void requestsTheFilterDoesNotTakeAreAnsweredByTheChainAndMvc() {
        String token = guest(1, List.of(), null).body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
        assertThat(guest(0, List.of("Authorization", "Bearer " + token), null).status()).as("a token: the chain's").isEqualTo(201);
        assertThat(guest(0, List.of("Authorization", "Bearer not-a-token"), null).status()).as("a bad token").isEqualTo(401);
        assertThat(guest(0, List.of("Content-Type", "application/json"), "{}").status()).as("a body").isEqualTo(201);
        assertThat(guest(0, List.of("Origin", "https://elsewhere.example"), null).status()).as("CORS is the chain's").isEqualTo(201);
        assertThat(guest(0, List.of("Accept", "text/html"), null).status()).isEqualTo(406);
        double direct = direct(meters, PATH);
        assertThat(RawHttp.send(port(), "POST", PATH + "?x=1", List.of(), new byte[0], false, -1).status()).isEqualTo(201);
        assertThat(RawHttp.send(port(), "GET", PATH, List.of(), new byte[0], false, -1).status()).isEqualTo(405);
        assertThat(direct(meters, PATH)).as("neither taken").isEqualTo(direct);
    }

    /** Sends one request and checks it was answered by the filter ({@code direct} 1) or not (0), and counted either way. */
    private RawHttp.Answer guest(int direct, List<String> headers, String body) {
        List<String> all = new ArrayList<>(List.of("X-Request-Id", "same-id"));
        all.addAll(headers);
        double before = direct(meters, PATH);
        double requests = requests(meters, PATH);
        RawHttp.Answer answer = RawHttp.send(port(), "POST", PATH, all, body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8),
                false, -1);
        assertThat(direct(meters, PATH) - before).as("answered ahead of MVC: " + answer).isEqualTo(direct);
        if (answer.status() != 401) { // the chain's refusals are counted without the route's pattern, as on every route
            assertThat(requests(meters, PATH) - requests).as("counted in http_server_requests under " + PATH).isEqualTo(1);
        }
        return answer;
    }

}
