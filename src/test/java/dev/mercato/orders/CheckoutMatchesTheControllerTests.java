package dev.mercato.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.mercato.support.DirectAnswerChecks.VIA_MVC;
import static dev.mercato.support.DirectAnswerChecks.assertSameAnswer;
import static dev.mercato.support.DirectAnswerChecks.direct;
import static dev.mercato.support.DirectAnswerChecks.requests;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.mercato.support.ApiTest;
import dev.mercato.support.RawHttp;
import dev.mercato.support.Shop;

/**
 * A plain checkout is answered ahead of the security chain and Spring MVC ({@code orders.web.CheckoutFilter});
 * its answer must be the controller's: status line, every header in order (but {@code Date}, and a
 * length where MVC sends chunks) and the body with what differs from order to order masked (ids,
 * times). Each case is sent as the filter takes it and, for a shopper in the same state, with an
 * {@code Accept} the filter passes on and the controller ignores; {@code http_direct_answers_total}
 * tells which path answered, and both count in {@code http_server_requests} under the route. Requests
 * the filter must not take are answered by the chain and MVC and place nothing.
 */
class CheckoutMatchesTheControllerTests extends ApiTest {

    private static final String PATH = "/api/orders";

    @Autowired
    MeterRegistry meters;

    private Shop shop;
    private String sku;

    @BeforeEach
    void shop() {
        shop = new Shop(api, adminToken());
        sku = shop.productWithStock("7.25", 100);
    }

    @Test
    void anOrderAndItsReplayAreTheControllersAnswers() {
        String fastGuest = shopperWithCart();
        String fastKey = UUID.randomUUID().toString();
        String mvcGuest = shopperWithCart();
        String mvcKey = UUID.randomUUID().toString();

        RawHttp.Answer fast = checkout(1, fastGuest, fastKey, order("tok_visa"));
        RawHttp.Answer viaMvc = checkout(0, mvcGuest, mvcKey, order("tok_visa"), "Accept", VIA_MVC);
        assertThat(fast.status()).as(fast.toString()).isEqualTo(201);
        assertSameAnswer(fast, viaMvc);
        assertThat(fast.header("Location")).startsWith("/api/orders/");

        RawHttp.Answer replay = checkout(1, fastGuest, fastKey, order("tok_visa"));
        RawHttp.Answer replayViaMvc = checkout(0, mvcGuest, mvcKey, order("tok_visa"), "Accept", VIA_MVC);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.body()).isEqualTo(fast.body());
        assertSameAnswer(replay, replayViaMvc);
        assertThat(orders(fastGuest)).as("one order, replayed").isEqualTo(1);
        assertThat(orders(mvcGuest)).as("one order, replayed").isEqualTo(1);
    }

    @Test
    void refusalsOfTheCheckoutItselfAreTheControllersProblems() {
        RawHttp.Answer declined = checkout(1, shopperWithCart(), UUID.randomUUID().toString(), order("tok_declined"));
        RawHttp.Answer declinedViaMvc = checkout(0, shopperWithCart(), UUID.randomUUID().toString(), order("tok_declined"), "Accept", VIA_MVC);
        assertThat(declined.status()).as(declined.toString()).isEqualTo(402);
        assertThat(declined.header("Content-Type")).startsWith("application/problem+json");
        assertSameAnswer(declined, declinedViaMvc);

        RawHttp.Answer empty = checkout(1, shop.guest(), UUID.randomUUID().toString(), order("tok_visa"));
        RawHttp.Answer emptyViaMvc = checkout(0, shop.guest(), UUID.randomUUID().toString(), order("tok_visa"), "Accept", VIA_MVC);
        assertThat(empty.status()).as(empty.toString()).isEqualTo(409);
        assertSameAnswer(empty, emptyViaMvc);
    }

    @Test
    void requestsTheFilterDoesNotTakeAreAnsweredByTheChainAndMvc() {
        String guest = shopperWithCart();
        String good = order("tok_visa");
        assertThat(send(0, List.of("Content-Type", "application/json", "Idempotency-Key", "k1"), good).status()).as("no token").isEqualTo(401);
        assertThat(send(0, List.of("Authorization", "Bearer nope", "Content-Type", "application/json", "Idempotency-Key", "k1"), good)
                .status()).as("unknown token").isEqualTo(401);
        assertThat(send(0, List.of("Authorization", "Bearer " + guest, "Content-Type", "application/json"), good).status())
                .as("no key").isEqualTo(400);
        assertThat(send(0, List.of("Authorization", "Bearer " + guest, "Content-Type", "application/json", "Idempotency-Key", "a b"), good)
                .status()).as("a malformed key").isEqualTo(400);
        assertThat(send(0, List.of("Authorization", "Bearer " + guest, "Content-Type", "application/json", "Idempotency-Key", "k2"),
                good.replace("\"US\"", "\"usa\"")).status()).as("an invalid country").isEqualTo(400);
        assertThat(send(0, List.of("Authorization", "Bearer " + guest, "Content-Type", "application/json", "Idempotency-Key", "k3"),
                "{\"payment\":").status()).as("broken JSON").isEqualTo(400);
        assertThat(send(0, List.of("Authorization", "Bearer " + guest, "Content-Type", "text/plain", "Idempotency-Key", "k4"), good)
                .status()).isEqualTo(415);
        assertThat(orders(guest)).as("nothing placed").isZero();
        assertThat(send(0, List.of("Authorization", "Bearer " + guest, "Content-Type", "application/json", "Idempotency-Key", "k5",
                "Origin", "https://elsewhere.example"), good).status()).as("CORS is the chain's").isEqualTo(201);
    }

    private String shopperWithCart() {
        String guest = shop.guest();
        assertThat(shop.add(guest, sku, 2).status()).isEqualTo(200);
        return guest;
    }

    private int orders(String token) {
        return api.get("/api/orders", token).json().get("items").size();
    }

    private static String order(String card) {
        return """
                {"shippingAddress":{"name":"Ada Shopper","line1":"1 Main St","city":"Springfield","postalCode":"12345","country":"US"},\
                "payment":{"method":"card","token":"%s"}}""".formatted(card);
    }

    /** Sends one checkout and checks it was answered by the filter ({@code direct} 1) or not (0), and counted either way. */
    private RawHttp.Answer checkout(int direct, String token, String key, String body, String... headers) {
        List<String> all = new ArrayList<>(List.of("Authorization", "Bearer " + token, "Content-Type", "application/json",
                "Idempotency-Key", key));
        all.addAll(List.of(headers));
        double requests = requests(meters, PATH);
        RawHttp.Answer answer = send(direct, all, body);
        assertThat(requests(meters, PATH) - requests).as("counted in http_server_requests under " + PATH).isEqualTo(1);
        return answer;
    }

    private RawHttp.Answer send(int direct, List<String> headers, String body) {
        List<String> all = new ArrayList<>(List.of("X-Request-Id", "same-id"));
        all.addAll(headers);
        double before = direct(meters, PATH);
        RawHttp.Answer answer = RawHttp.send(port(), "POST", PATH, all, body.getBytes(StandardCharsets.UTF_8), false, -1);
        assertThat(direct(meters, PATH) - before).as("answered ahead of MVC: " + answer).isEqualTo(direct);
        return answer;
    }

}
