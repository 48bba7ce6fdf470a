package dev.mercato.cart;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.mercato.support.ApiTest;
import dev.mercato.support.RawHttp;
import dev.mercato.support.Shop;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.mercato.support.DirectAnswerChecks.VIA_MVC;
import static dev.mercato.support.DirectAnswerChecks.assertSameAnswer;
import static dev.mercato.support.DirectAnswerChecks.direct;
import static dev.mercato.support.DirectAnswerChecks.requests;

/**
 * A plain cart add is answered ahead of the security chain and Spring MVC ({@code cart.web.CartAddFilter});
 * its answer must be the controller's: status line, every header in order (but {@code Date}, and a
 * length where MVC sends chunks) and the body, with the parts that differ from cart to cart (ids, hold expiry times) masked. Each case
 * is sent twice, once as the filter takes it and once with an {@code Accept} header the filter
 * passes on and the controller ignores, so one answer comes from each path, which the
 * {@code http_direct_answers_total} counter checks; both are counted in {@code http_server_requests}
 * under the route's pattern. Requests the filter must not take are answered by the chain and MVC.
 */
class CartAddMatchesTheControllerTests extends ApiTest {

    private static final String PATH = "/api/cart/items";

    @Autowired
    MeterRegistry meters;

    private Shop shop;

    @BeforeEach
    void shop() {
        shop = new Shop(api, adminToken());
    }

    @Test
    void anAddIsTheControllersAnswer() {
        String sku = shop.productWithStock("4.50", 100);
        RawHttp.Answer fast = add(1, shop.guest(), body(sku, 2));
        RawHttp.Answer viaMvc = add(0, shop.guest(), body(sku, 2), "Accept", VIA_MVC);
        assertThat(fast.status()).as(fast.toString()).isEqualTo(200);
        assertSameAnswer(fast, viaMvc);
        assertThat(fast.body()).contains("\"sku\":\"" + sku + "\"").contains("\"quantity\":2");

        String guest = shop.guest();
        add(1, guest, body(sku, 1));
        RawHttp.Answer again = add(1, guest, body(sku, 3));
        assertThat(again.body()).as("units added to the line").contains("\"quantity\":4");
        assertThat(api.get("/api/cart", guest).json().get("items").get(0).get("quantity").asInt()).isEqualTo(4);
    }

    @Test
    void refusalsOfTheAddItselfAreTheControllersProblems() {
        String sku = shop.productWithStock("4.50", 3);
        assertSameBothWays(404, body("NO-SUCH-" + sku, 1));
        assertSameBothWays(409, body(sku, 4)); // more than there is
        assertThat(meters.find("http.server.requests").tag("uri", PATH).tag("status", "404").timers())
                .as("both 404s under one set of tags (exception, outcome)")
                .extracting(timer -> timer.getId().getTags().toString()).hasSize(1);
        String full = shop.guest();
        assertThat(add(1, full, body(sku, 1)).status()).isEqualTo(200);
        String other = shop.productWithStock("4.50", 2000);
        assertThat(add(1, full, body(other, 1000)).status()).isEqualTo(200);
        RawHttp.Answer overLimit = add(1, full, body(other, 1));
        RawHttp.Answer overLimitViaMvc = add(0, full, body(other, 1), "Accept", VIA_MVC);
        assertThat(overLimit.status()).isEqualTo(400);
        assertSameAnswer(overLimit, overLimitViaMvc);
        assertThat(overLimit.body()).contains("quantity-limit");
    }

    @Test
    void requestsTheFilterDoesNotTakeAreAnsweredByTheChainAndMvc() {
        String sku = shop.productWithStock("4.50", 100);
        String guest = shop.guest();
        String good = body(sku, 1);
        assertThat(send(0, null, good).status()).as("no token").isEqualTo(401);
        assertThat(send(0, "not-a-token", good).status()).as("unknown token").isEqualTo(401);
        assertThat(sendRaw(0, List.of("Authorization", "Basic YTpi", "Content-Type", "application/json"), good).status())
                .as("not a bearer token").isEqualTo(401);
        assertThat(send(0, guest, body(sku, 0)).status()).isEqualTo(400);
        assertThat(send(0, guest, body(sku, 1001)).status()).isEqualTo(400);
        assertThat(send(0, guest, "{\"sku\":\"\",\"quantity\":1}").status()).isEqualTo(400);
        assertThat(send(0, guest, "{\"sku\":\"" + sku + "\",\"quantity\":\"1\"}").status()).isEqualTo(400);
        assertThat(send(0, guest, "{\"sku\":\"" + sku + "\",\"quantity\":1.5}").status()).isEqualTo(400);
        assertThat(send(0, guest, "{\"sku\":\"" + sku + "\"}").status()).isEqualTo(400);
        assertThat(send(0, guest, "[]").status()).isEqualTo(400);
        assertThat(send(0, guest, "{\"sku\":\"" + sku + "\",").status()).isEqualTo(400);
        assertThat(send(0, guest, "{\"sku\":\"S\u00e9\",\"quantity\":1}").status()).as("non-ASCII goes to MVC").isEqualTo(404);
        assertThat(sendRaw(0, List.of("Authorization", "Bearer " + guest, "Content-Type", "text/plain"), good).status()).isEqualTo(415);
        assertThat(sendRaw(0, List.of("Authorization", "Bearer " + guest, "Content-Type", "application/json",
                "Origin", "https://elsewhere.example"), good).status()).as("CORS is the chain's").isEqualTo(200);
        assertThat(RawHttp.send(port(), "POST", PATH + "?x=1", List.of("Authorization", "Bearer " + guest,
                "Content-Type", "application/json"), good.getBytes(StandardCharsets.UTF_8), false, -1).status()).isEqualTo(200);
        assertThat(send(1, guest, good).status()).isEqualTo(200);
        assertThat(api.get("/api/cart", guest).json().get("items").get(0).get("quantity").asInt())
                .as("only the three good adds added").isEqualTo(3);
    }

    private void assertSameBothWays(int status, String body) {
        RawHttp.Answer fast = add(1, shop.guest(), body);
        RawHttp.Answer viaMvc = add(0, shop.guest(), body, "Accept", VIA_MVC);
        assertThat(fast.status()).as(fast.toString()).isEqualTo(status);
        assertSameAnswer(fast, viaMvc);
    }

    /** Sends one add and checks it was answered by the filter ({@code direct} 1) or not (0), and counted either way. */
    private RawHttp.Answer add(int direct, String token, String body, String... headers) {
        List<String> all = new ArrayList<>(List.of("Authorization", "Bearer " + token, "Content-Type", "application/json"));
        all.addAll(List.of(headers));
        double requests = requests(meters, PATH);
        RawHttp.Answer answer = sendRaw(direct, all, body);
        assertThat(requests(meters, PATH) - requests).as("counted in http_server_requests under " + PATH).isEqualTo(1);
        return answer;
    }

    private RawHttp.Answer send(int direct, String token, String body) {
        List<String> headers = new ArrayList<>(List.of("Content-Type", "application/json"));
        if (token != null) {
            headers.addAll(List.of("Authorization", "Bearer " + token));
        }
        return sendRaw(direct, headers, body);
    }

    private RawHttp.Answer sendRaw(int direct, List<String> headers, String body) {
        List<String> all = new ArrayList<>(List.of("X-Request-Id", "same-id"));
        all.addAll(headers);
        double before = direct(meters, PATH);
        RawHttp.Answer answer = RawHttp.send(port(), "POST", PATH, all, body.getBytes(StandardCharsets.UTF_8), false, -1);
        assertThat(direct(meters, PATH) - before).as("answered ahead of MVC: " + answer).isEqualTo(direct);
        return answer;
    }

    private static String body(String sku, int quantity) {
        return "{\"sku\":\"" + sku + "\",\"quantity\":" + quantity + "}";
    }

}
