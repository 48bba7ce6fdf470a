package dev.mercato.payments;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.mercato.payments.PaymentOutcome.Status;
import dev.mercato.support.ApiTest;

import dev.mercato.support.Concurrently;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The facade against the sandbox provider and its ledger in the embedded PostgreSQL. */
class PaymentsTests extends ApiTest {

    private static final BigDecimal AMOUNT = new BigDecimal("49.90");

    @Autowired
    Payments payments;

    @Autowired
    List<PaymentProvider> providers;

    @Test
    void approvedCardIsAuthorizedAndCapturedOnce() {
        UUID order = UUID.randomUUID();

        PaymentOutcome outcome = payments.charge(charge(order, "tok_visa"));

        assertThat(outcome.status()).isEqualTo(Status.CAPTURED);
        assertThat(outcome.provider()).isEqualTo("sandbox");
        assertThat(outcome.authorizationId()).startsWith("auth_");
        assertThat(outcome.captureId()).startsWith("cap_");
        assertThat(rows(order, "authorization", "succeeded")).isEqualTo(1);
        assertThat(rows(order, "capture", "succeeded")).isEqualTo(1);
        assertThat(jdbc.sql("SELECT amount FROM sandbox_payments WHERE id = :id").param("id", outcome.captureId())
                .query(BigDecimal.class).single()).isEqualByComparingTo(AMOUNT);
    }

    @Test
    void retriedChargeNeverCapturesTwice() {
        UUID order = UUID.randomUUID();
        PaymentOutcome first = payments.charge(charge(order, "tok_visa"));

        PaymentOutcome retried = payments.charge(charge(order, "tok_visa"));

        assertThat(retried).isEqualTo(first);
        assertThat(rows(order)).isEqualTo(2);
        assertThat(rows(order, "authorization", "succeeded")).isEqualTo(1);
        assertThat(rows(order, "capture", "succeeded")).isEqualTo(1);
    }

    @Test
    void concurrentChargesOfOneOrderAuthorizeAndCaptureOnce() throws Exception {
        UUID order = UUID.randomUUID();

        List<PaymentOutcome> outcomes = Concurrently.run(20, i -> () -> payments.charge(charge(order, "tok_visa")));

        assertThat(outcomes).extracting(PaymentOutcome::status).containsOnly(Status.CAPTURED);
        assertThat(outcomes).extracting(PaymentOutcome::captureId).containsOnly(outcomes.getFirst().captureId());
        assertThat(rows(order)).isEqualTo(2);
        assertThat(rows(order, "authorization", "succeeded")).isEqualTo(1);
        assertThat(rows(order, "capture", "succeeded")).isEqualTo(1);
    }

    @Test
    void declinedCardIsAnOutcomeWithAReasonAndNothingIsCaptured() {
        UUID order = UUID.randomUUID();

        PaymentOutcome outcome = payments.charge(charge(order, "tok_declined"));

        assertThat(outcome.status()).isEqualTo(Status.DECLINED);
        assertThat(outcome.reason()).isEqualTo("card declined");
        assertThat(rows(order, "authorization", "declined")).isEqualTo(1);
        assertThat(rows(order, "capture", "succeeded")).isZero();
        assertThat(payments.status(order).status()).isEqualTo(Status.NONE);
    }

    @Test
    void unknownTestCardIsDeclined() {
        PaymentOutcome outcome = payments.charge(charge(UUID.randomUUID(), "tok_mastercard"));

        assertThat(outcome.status()).isEqualTo(Status.DECLINED);
        assertThat(outcome.reason()).isEqualTo("unknown test card");
    }

    @Test
    void timedOutChargeThatWentThroughIsCapturedExactlyOnce() {
        UUID order = TestOrders.chargedBeforeTimeout();

        PaymentOutcome outcome = payments.charge(charge(order, "tok_timeout"));
        PaymentOutcome retried = payments.charge(charge(order, "tok_timeout"));

        assertThat(outcome.status()).isEqualTo(Status.CAPTURED);
        assertThat(retried.status()).isEqualTo(Status.CAPTURED);
        assertThat(retried.captureId()).isEqualTo(outcome.captureId());
        assertThat(rows(order, "authorization", "succeeded")).isEqualTo(1);
        assertThat(rows(order, "capture", "succeeded")).isEqualTo(1);
        assertThat(payments.status(order).status()).isEqualTo(Status.CAPTURED);
    }

    @Test
    void timedOutChargeThatDidNotGoThroughChargesNothing() {
        UUID order = TestOrders.notChargedBeforeTimeout();

        PaymentOutcome outcome = payments.charge(charge(order, "tok_timeout"));
        PaymentOutcome retried = payments.charge(charge(order, "tok_timeout"));

        assertThat(outcome.status()).isEqualTo(Status.NONE);
        assertThat(retried.status()).isEqualTo(Status.NONE);
        assertThat(rows(order)).isZero();
        assertThat(payments.status(order).status()).isEqualTo(Status.NONE);
        assertThat(payments.reverse(order).status()).isEqualTo(Status.NONE);
    }

    @Test
    void reversingACapturedOrderRefundsItOnce() {
        UUID order = UUID.randomUUID();
        PaymentOutcome charged = payments.charge(charge(order, "tok_visa"));

        PaymentOutcome reversed = payments.reverse(order);
        PaymentOutcome reversedAgain = payments.reverse(order);

        assertThat(reversed.status()).isEqualTo(Status.REFUNDED);
        assertThat(reversedAgain).isEqualTo(reversed);
        assertThat(rows(order, "refund", "succeeded")).isEqualTo(1);
        assertThat(rows(order)).isEqualTo(3);
        assertThat(jdbc.sql("SELECT amount FROM sandbox_payments WHERE kind = 'refund' AND parent_id = :capture")
                .param("capture", charged.captureId()).query(BigDecimal.class).single()).isEqualByComparingTo(AMOUNT);
        assertThat(payments.status(order).status()).isEqualTo(Status.REFUNDED);
    }

    @Test
    void reversingAnAuthorizedOnlyOrderVoidsItAndAChargeAfterwardsTakesNothing() {
        UUID order = UUID.randomUUID();
        authorizeOnly(order);
        assertThat(payments.status(order).status()).isEqualTo(Status.AUTHORIZED);

        PaymentOutcome reversed = payments.reverse(order);
        PaymentOutcome reversedAgain = payments.reverse(order);
        PaymentOutcome lateCharge = payments.charge(charge(order, "tok_visa"));

        assertThat(reversed.status()).isEqualTo(Status.VOIDED);
        assertThat(reversedAgain.status()).isEqualTo(Status.VOIDED);
        assertThat(lateCharge.status()).isEqualTo(Status.DECLINED);
        assertThat(lateCharge.reason()).isEqualTo("authorization was voided");
        assertThat(rows(order, "void", "succeeded")).isEqualTo(1);
        assertThat(rows(order, "capture", "succeeded")).isZero();
        assertThat(payments.status(order).status()).isEqualTo(Status.VOIDED);
    }

    @Test
    void chargeAfterACrashBetweenAuthorizeAndCaptureCapturesTheFirstAuthorization() {
        UUID order = UUID.randomUUID();
        String authorizationId = authorizeOnly(order);

        PaymentOutcome outcome = payments.charge(charge(order, "tok_visa"));

        assertThat(outcome.status()).isEqualTo(Status.CAPTURED);
        assertThat(outcome.authorizationId()).isEqualTo(authorizationId);
        assertThat(rows(order, "authorization", "succeeded")).isEqualTo(1);
    }

    @Test
    void orderWithoutPaymentHasNothingToReverse() {
        UUID order = UUID.randomUUID();

        assertThat(payments.status(order).status()).isEqualTo(Status.NONE);
        assertThat(payments.reverse(order).status()).isEqualTo(Status.NONE);
        assertThat(payments.records(order)).isEmpty();
    }

    @Test
    void recordsListTheOrdersLedgerOldestFirst() {
        UUID order = UUID.randomUUID();
        payments.charge(charge(order, "tok_visa"));
        payments.reverse(order);

        assertThat(payments.records(order)).extracting(PaymentRecord::kind)
                .containsExactly("authorization", "capture", "refund");
        assertThat(payments.records(order)).extracting(PaymentRecord::idempotencyKey).containsExactly(
                "order-" + order + "-authorize", "order-" + order + "-capture", "order-" + order + "-refund");
    }

    @Test
    void prometheusCountsProviderAnswersByOutcome() {
        payments.charge(charge(UUID.randomUUID(), "tok_visa"));
        payments.charge(charge(UUID.randomUUID(), "tok_declined"));
        payments.charge(charge(TestOrders.notChargedBeforeTimeout(), "tok_timeout"));

        List<String> lines = api.get("/actuator/prometheus", adminToken()).body().lines()
                .filter(line -> line.startsWith("payments_total{") && line.contains("provider=\"sandbox\"")).toList();

        assertThat(lines).anyMatch(line -> line.contains("outcome=\"captured\"") && !line.endsWith(" 0.0"));
        assertThat(lines).anyMatch(line -> line.contains("outcome=\"authorized\"") && !line.endsWith(" 0.0"));
        assertThat(lines).anyMatch(line -> line.contains("outcome=\"declined\"") && !line.endsWith(" 0.0"));
        assertThat(lines).anyMatch(line -> line.contains("outcome=\"timeout\"") && !line.endsWith(" 0.0"));
    }

    /** What a crash between the two steps of charge() leaves behind. */
    /**
     * With the sandbox's ledger in this database a charge is one transaction: a step failing part-way
     * (the capture's insert refused here) leaves no authorisation, no capture and no route, as a
     * processor that never got the request; the retry (or recovery) then takes the money once.
     */
    @Test
    void aChargeThatFailsPartWayLeavesNothingBehind() {
        UUID order = UUID.randomUUID();
        String trigger = "refuse_capture_" + order.toString().replace("-", "");
        jdbc.sql("""
                CREATE FUNCTION %s() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'injected failure capturing %%', NEW.order_id; END $$""".formatted(trigger)).update();
        jdbc.sql("CREATE TRIGGER " + trigger + " BEFORE INSERT ON sandbox_payments FOR EACH ROW WHEN (NEW.order_id = '" + order
                + "'::uuid AND NEW.kind = 'capture') EXECUTE FUNCTION " + trigger + "()").update();
        try {
            assertThatThrownBy(() -> payments.charge(charge(order, "tok_visa"))).hasMessageContaining("injected failure capturing");
        } finally {
            jdbc.sql("DROP TRIGGER " + trigger + " ON sandbox_payments").update();
            jdbc.sql("DROP FUNCTION " + trigger + "()").update();
        }

        assertThat(rows(order)).as("ledger rows of the failed charge").isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM payment_routes WHERE order_id = :order").param("order", order)
                .query(Long.class).single()).as("route of the failed charge").isZero();
        assertThat(payments.charge(charge(order, "tok_visa")).status()).isEqualTo(Status.CAPTURED);
        assertThat(rows(order, "authorization", "succeeded")).isEqualTo(1);
        assertThat(rows(order, "capture", "succeeded")).isEqualTo(1);
    }

    private String authorizeOnly(UUID order) {
        PaymentProvider sandbox = providers.stream().filter(p -> p.name().equals("sandbox")).findFirst().orElseThrow();
        return sandbox.authorize("order-" + order + "-authorize", order, AMOUNT, "USD", "tok_visa").id();
    }

    private static ChargeRequest charge(UUID order, String token) {
        return new ChargeRequest(order, AMOUNT, "USD", "card", token);
    }

    private long rows(UUID order) {
        return jdbc.sql("SELECT count(*) FROM sandbox_payments WHERE order_id = :order")
                .param("order", order).query(Long.class).single();
    }

    private long rows(UUID order, String kind, String status) {
        return jdbc.sql("SELECT count(*) FROM sandbox_payments WHERE order_id = :order AND kind = :kind AND status = :status")
                .param("order", order).param("kind", kind).param("status", status).query(Long.class).single();
    }
}
