package dev.mercato.payments.internal;

import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.mercato.payments.ChargeRequest;
import dev.mercato.payments.PaymentOutcome;
import dev.mercato.payments.PaymentProcessorUnavailableException;
import dev.mercato.payments.PaymentProvider.ProviderResult;
import dev.mercato.payments.PaymentRecord;
import dev.mercato.payments.PaymentTimeoutException;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Stripe adapter against Stripe's recorded answers ({@code src/test/resources/stripe/__files},
 * written after the fixtures of Stripe's OpenAPI spec and its documented error bodies), served by a
 * real HTTP server on loopback: every call the adapter makes, and each error it must read.
 */
class StripePaymentProviderTests {

    private static final String KEY = "sk_test_mercato";
    private static final UUID ORDER = UUID.fromString("6f1c2a4e-8d2b-4c3a-9e55-0a1b2c3d4e5f");
    private static final String AUTHORIZE = "order-" + ORDER + "-authorize";
    private static final String INTENT = "pi_3QmercatoAuth01";
    private static final BigDecimal AMOUNT = new BigDecimal("49.90");
    /** Generous, for a first call on a loaded machine; the delayed stub waits longer. */
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final WireMockServer stripe = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1")
            .usingFilesUnderClasspath("stripe"));
    private StripePaymentProvider adapter;

    @BeforeEach
    void start() {
        stripe.start();
        adapter = adapter(URI.create("http://127.0.0.1:" + stripe.port()));
    }

    @AfterEach
    void stop() {
        stripe.stop();
    }

    @Test
    void authorizeConfirmsAManualCaptureIntentUnderTheIdempotencyKey() {
        stripe.stubFor(post("/v1/payment_intents").willReturn(ok("payment_intent_requires_capture.json")));

        ProviderResult result = adapter.authorize(AUTHORIZE, ORDER, AMOUNT, "USD", "tok_visa");

        assertThat(result).isEqualTo(new ProviderResult(INTENT, "authorization", "succeeded", AMOUNT, "USD", null));
        stripe.verify(postRequestedFor(urlEqualTo("/v1/payment_intents"))
                .withHeader("Authorization", equalTo("Bearer " + KEY))
                .withHeader("Idempotency-Key", equalTo(AUTHORIZE))
                .withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
                .withFormParam("amount", equalTo("4990"))
                .withFormParam("currency", equalTo("usd"))
                .withFormParam("capture_method", equalTo("manual"))
                .withFormParam("confirm", equalTo("true"))
                .withFormParam("payment_method_data[card][token]", equalTo("tok_visa"))
                .withFormParam("metadata[order_id]", equalTo(ORDER.toString()))
                .withFormParam("metadata[idempotency_key]", equalTo(AUTHORIZE)));
    }

    @Test
    void captureCapturesTheIntentAndNamesItsCharge() {
        stripe.stubFor(post("/v1/payment_intents/" + INTENT + "/capture").willReturn(ok("payment_intent_succeeded.json")));

        ProviderResult result = adapter.capture("order-" + ORDER + "-capture", INTENT, AMOUNT);

        assertThat(result).isEqualTo(new ProviderResult("ch_3QmercatoCharge01", "capture", "succeeded", AMOUNT, "USD", null));
        stripe.verify(postRequestedFor(urlEqualTo("/v1/payment_intents/" + INTENT + "/capture"))
                .withHeader("Idempotency-Key", equalTo("order-" + ORDER + "-capture")));
    }

    @Test
    void capturingACancelledIntentIsADecline() {
        stripe.stubFor(post("/v1/payment_intents/" + INTENT + "/capture").willReturn(error(400, "error_capture_canceled.json")));

        ProviderResult result = adapter.capture("order-" + ORDER + "-capture", INTENT, AMOUNT);

        assertThat(result.succeeded()).isFalse();
        assertThat(result.declineReason()).startsWith("payment_intent_unexpected_state: This PaymentIntent could not be captured");
    }

    @Test
    void voidCancelsTheIntent() {
        stripe.stubFor(post("/v1/payment_intents/" + INTENT + "/cancel").willReturn(ok("payment_intent_canceled.json")));

        ProviderResult result = adapter.voidAuthorization("order-" + ORDER + "-void", INTENT);

        assertThat(result).isEqualTo(new ProviderResult(INTENT, "void", "succeeded", AMOUNT, "USD", null));
        stripe.verify(postRequestedFor(urlEqualTo("/v1/payment_intents/" + INTENT + "/cancel"))
                .withHeader("Idempotency-Key", equalTo("order-" + ORDER + "-void")));
    }

    @Test
    void refundRefundsTheCapturedCharge() {
        stripe.stubFor(post("/v1/refunds").willReturn(ok("refund_succeeded.json")));

        ProviderResult result = adapter.refund("order-" + ORDER + "-refund", "ch_3QmercatoCharge01", AMOUNT);

        assertThat(result).isEqualTo(new ProviderResult("re_3QmercatoRefund01", "refund", "succeeded", AMOUNT, "USD", null));
        stripe.verify(postRequestedFor(urlEqualTo("/v1/refunds"))
                .withHeader("Idempotency-Key", equalTo("order-" + ORDER + "-refund"))
                .withFormParam("charge", equalTo("ch_3QmercatoCharge01")));
    }

    @Test
    void cardDeclinedIsADeclineWithStripesCodeAndMessage() {
        stripe.stubFor(post("/v1/payment_intents").willReturn(error(402, "error_card_declined.json")));

        ProviderResult result = adapter.authorize(AUTHORIZE, ORDER, AMOUNT, "USD", "tok_chargeDeclined");

        assertThat(result).isEqualTo(new ProviderResult("pi_3QmercatoDeclined01", "authorization", "declined", AMOUNT, "USD",
                "generic_decline: Your card was declined."));
    }

    @Test
    void rateLimitIsDownWithNothingExecuted() {
        stripe.stubFor(post("/v1/payment_intents").willReturn(error(429, "error_rate_limit.json")));

        assertThatThrownBy(() -> adapter.authorize(AUTHORIZE, ORDER, AMOUNT, "USD", "tok_visa"))
                .isInstanceOfSatisfying(PaymentProcessorUnavailableException.class, e -> assertThat(e.requestSent()).isFalse())
                .hasMessageContaining("rate_limit");
    }

    @Test
    void serverErrorIsDownButTheRequestReachedStripe() {
        stripe.stubFor(post("/v1/payment_intents").willReturn(error(500, "error_api_error.json")));

        assertThatThrownBy(() -> adapter.authorize(AUTHORIZE, ORDER, AMOUNT, "USD", "tok_visa"))
                .isInstanceOfSatisfying(PaymentProcessorUnavailableException.class, e -> assertThat(e.requestSent()).isTrue())
                .hasMessageContaining("api_error");
    }

    @Test
    void keyReusedWithOtherParametersIsACallerBug() {
        stripe.stubFor(post("/v1/payment_intents").willReturn(error(400, "error_idempotency_reused.json")));

        assertThatThrownBy(() -> adapter.authorize(AUTHORIZE, ORDER, AMOUNT, "USD", "tok_visa"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("idempotency_error");
    }

    @Test
    void keyStillInProgressIsAnUnknownOutcome() {
        stripe.stubFor(post("/v1/payment_intents").willReturn(error(409, "error_idempotency_in_progress.json")));

        assertThatThrownBy(() -> adapter.authorize(AUTHORIZE, ORDER, AMOUNT, "USD", "tok_visa"))
                .isInstanceOf(PaymentTimeoutException.class).hasMessageContaining("still running");
    }

    @Test
    void connectionLostAfterSendingIsAnUnknownOutcome() {
        // api_connection_error in Stripe's SDKs: the request went out, no answer came back
        stripe.stubFor(post("/v1/payment_intents").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        assertThatThrownBy(() -> adapter.authorize(AUTHORIZE, ORDER, AMOUNT, "USD", "tok_visa"))
                .isInstanceOf(PaymentTimeoutException.class).hasMessageContaining("connection lost after sending");
    }

    @Test
    void noAnswerWithinTheTimeoutIsAnUnknownOutcome() {
        stripe.stubFor(post("/v1/payment_intents").willReturn(ok("payment_intent_requires_capture.json").withFixedDelay((int) TIMEOUT.toMillis() + 1000)));

        assertThatThrownBy(() -> adapter.authorize(AUTHORIZE, ORDER, AMOUNT, "USD", "tok_visa"))
                .isInstanceOf(PaymentTimeoutException.class).hasMessageContaining("no answer");
    }

    @Test
    void connectionRefusedIsDownWithNothingSent() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        StripePaymentProvider nowhere = adapter(URI.create("http://127.0.0.1:" + closed));

        assertThatThrownBy(() -> nowhere.authorize(AUTHORIZE, ORDER, AMOUNT, "USD", "tok_visa"))
                .isInstanceOfSatisfying(PaymentProcessorUnavailableException.class, e -> assertThat(e.requestSent()).isFalse());
    }

    @Test
    void lookupFindsTheOrdersIntentBySearchAndReadsEachStepFromIt() {
        stripe.stubFor(get(urlPathEqualTo("/v1/payment_intents/search"))
                .withQueryParam("query", equalTo("metadata['order_id']:'" + ORDER + "'"))
                .willReturn(ok("search_captured_intent.json")));
        stripe.stubFor(get(urlPathEqualTo("/v1/refunds")).withQueryParam("payment_intent", equalTo(INTENT))
                .willReturn(ok("refund_list.json")));

        assertThat(adapter.lookup(AUTHORIZE)).hasValueSatisfying(r -> assertThat(r.id()).isEqualTo(INTENT));
        assertThat(adapter.lookup("order-" + ORDER + "-capture")).hasValueSatisfying(r -> {
            assertThat(r.kind()).isEqualTo("capture");
            assertThat(r.id()).isEqualTo("ch_3QmercatoCharge01");
            assertThat(r.amount()).isEqualByComparingTo(AMOUNT);
        });
        assertThat(adapter.lookup("order-" + ORDER + "-void")).isEmpty();
        assertThat(adapter.lookup("order-" + ORDER + "-refund")).hasValueSatisfying(r -> assertThat(r.id()).isEqualTo("re_3QmercatoRefund01"));
        assertThat(adapter.lookup("not-an-order-key")).isEmpty();
        stripe.verify(getRequestedFor(urlPathEqualTo("/v1/payment_intents/search")).withHeader("Authorization", equalTo("Bearer " + KEY)));
    }

    @Test
    void lookupOfAnOrderStripeHasNothingForIsEmpty() {
        stripe.stubFor(get(urlPathEqualTo("/v1/payment_intents/search")).willReturn(ok("search_empty.json")));

        assertThat(adapter.lookup(AUTHORIZE)).isEmpty();
        assertThat(adapter.ledger(ORDER)).isEmpty();
    }

    @Test
    void ledgerListsAuthorizationCaptureAndRefundsForTheAudit() {
        stripe.stubFor(get(urlPathEqualTo("/v1/payment_intents/search")).willReturn(ok("search_captured_intent.json")));
        stripe.stubFor(get(urlPathEqualTo("/v1/refunds")).willReturn(ok("refund_list.json")));

        List<PaymentRecord> ledger = adapter.ledger(ORDER);

        assertThat(ledger).extracting(PaymentRecord::provider).containsOnly("stripe");
        assertThat(ledger).extracting(PaymentRecord::kind).containsExactly("authorization", "capture", "refund");
        assertThat(ledger).extracting(PaymentRecord::idempotencyKey).containsExactly(AUTHORIZE, "order-" + ORDER + "-capture",
                "order-" + ORDER + "-refund");
    }

    @Test
    void orderOfAPaymentIntentIsReadFromItsMetadata() {
        stripe.stubFor(get("/v1/payment_intents/" + INTENT).willReturn(ok("payment_intent_succeeded.json")));

        assertThat(adapter.orderOf(INTENT)).contains(ORDER);
    }

    @Test
    void routingFailsOverFromAStripeServerErrorOnlyAfterAskingStripe() {
        stripe.stubFor(post("/v1/payment_intents").willReturn(error(503, "error_api_error.json")));
        stripe.stubFor(get(urlPathEqualTo("/v1/payment_intents/search")).willReturn(ok("search_empty.json")));
        ScriptedProcessor sandbox = new ScriptedProcessor("sandbox");
        PaymentsSettings defaults = PaymentsSettings.of("stripe");
        PaymentsService payments = new PaymentsService(List.of(adapter, sandbox), new PaymentsSettings("stripe",
                List.of("stripe", "sandbox"), defaults.breaker(), defaults.webhook(), defaults.stripe()),
                new InMemoryPaymentRoutes(), new SimpleMeterRegistry(), Clock.systemUTC());

        PaymentOutcome outcome = payments.charge(new ChargeRequest(ORDER, AMOUNT, "USD", "card", "tok_visa"));

        assertThat(outcome.status()).isEqualTo(PaymentOutcome.Status.CAPTURED);
        assertThat(outcome.provider()).isEqualTo("sandbox");
        stripe.verify(1, getRequestedFor(urlPathEqualTo("/v1/payment_intents/search")));
    }

    private StripePaymentProvider adapter(URI base) {
        return new StripePaymentProvider(new PaymentsSettings.Stripe(KEY, "whsec_stripe", base, Duration.ofSeconds(2),
                TIMEOUT), JsonMapper.builder().build());
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder ok(String file) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBodyFile(file);
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder error(int status, String file) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBodyFile(file);
    }
}
