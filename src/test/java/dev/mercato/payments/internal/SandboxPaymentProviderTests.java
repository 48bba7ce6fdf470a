package dev.mercato.payments.internal;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;

import dev.mercato.support.Concurrently;
import dev.mercato.payments.PaymentProvider.ProviderResult;
import dev.mercato.payments.PaymentTimeoutException;
import dev.mercato.payments.TestOrders;
import dev.mercato.support.ApiTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sandbox processor's rules, checked against its ledger in the embedded PostgreSQL. */
class SandboxPaymentProviderTests extends ApiTest {

    private static final BigDecimal AMOUNT = new BigDecimal("100.00");

    @Autowired
    SandboxPaymentProvider sandbox;

    @Test
    void concurrentAuthorizationsWithOneKeyStoreOneRow() throws Exception {
        UUID order = UUID.randomUUID();
        String key = unique("auth");

        List<ProviderResult> results = Concurrently.run(20, i -> () -> sandbox.authorize(key, order, AMOUNT, "USD", "tok_visa"));

        assertThat(results).extracting(ProviderResult::id).containsOnly(results.getFirst().id());
        assertThat(rowsWithKey(key)).isEqualTo(1);
    }

    @Test
    void repeatedKeyReplaysTheStoredAnswerEvenWithAnotherCard() {
        UUID order = UUID.randomUUID();
        String key = unique("auth");
        ProviderResult first = sandbox.authorize(key, order, AMOUNT, "USD", "tok_declined");

        ProviderResult again = sandbox.authorize(key, order, AMOUNT, "USD", "tok_visa");

        assertThat(again).isEqualTo(first);
        assertThat(again.succeeded()).isFalse();
        assertThat(sandbox.lookup(key)).contains(first);
        assertThat(sandbox.lookup(unique("never-used"))).isEmpty();
        assertThat(rowsWithKey(key)).isEqualTo(1);
    }

    @Test
    void keyReusedForAnotherOperationIsRefused() {
        String key = unique("auth");
        ProviderResult authorization = sandbox.authorize(key, UUID.randomUUID(), AMOUNT, "USD", "tok_visa");

        assertThatThrownBy(() -> sandbox.capture(key, authorization.id(), AMOUNT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was first used for authorization");
    }

    @Test
    void timeoutCardAuthorizesBeforeGoingSilentOnlyForOrdersEndingInAnEvenDigit() {
        UUID charged = TestOrders.chargedBeforeTimeout();
        UUID notCharged = TestOrders.notChargedBeforeTimeout();
        assertThat(charged.toString()).matches(".*[02468ace]");
        assertThat(notCharged.toString()).matches(".*[13579bdf]");

        assertThatThrownBy(() -> sandbox.authorize("t-" + charged, charged, AMOUNT, "USD", "tok_timeout"))
                .isInstanceOf(PaymentTimeoutException.class);
        assertThatThrownBy(() -> sandbox.authorize("t-" + notCharged, notCharged, AMOUNT, "USD", "tok_timeout"))
                .isInstanceOf(PaymentTimeoutException.class);

        assertThat(sandbox.lookup("t-" + charged)).hasValueSatisfying(result -> assertThat(result.succeeded()).isTrue());
        assertThat(sandbox.lookup("t-" + notCharged)).isEmpty();
    }

    @Test
    void capturesNoMoreThanWasAuthorized() {
        ProviderResult authorization = authorize();

        ProviderResult tooMuch = sandbox.capture(unique("cap"), authorization.id(), new BigDecimal("100.01"));
        ProviderResult partial = sandbox.capture(unique("cap"), authorization.id(), new BigDecimal("60.00"));

        assertThat(tooMuch.succeeded()).isFalse();
        assertThat(tooMuch.declineReason()).isEqualTo("amount exceeds the authorization");
        assertThat(partial.succeeded()).isTrue();
        assertThat(partial.amount()).isEqualByComparingTo("60.00");
    }

    @Test
    void anAuthorizationIsCapturedOnceWhateverTheKey() {
        ProviderResult authorization = authorize();
        sandbox.capture(unique("cap"), authorization.id(), AMOUNT);

        ProviderResult second = sandbox.capture(unique("cap"), authorization.id(), AMOUNT);
        ProviderResult voided = sandbox.voidAuthorization(unique("void"), authorization.id());

        assertThat(second.declineReason()).isEqualTo("authorization already captured");
        assertThat(voided.declineReason()).isEqualTo("authorization already captured");
        assertThat(succeededChildren(authorization.id())).isEqualTo(1);
    }

    @Test
    void declinedOrVoidedAuthorizationsCannotBeCaptured() {
        ProviderResult declined = sandbox.authorize(unique("auth"), UUID.randomUUID(), AMOUNT, "USD", "tok_declined");
        ProviderResult voidable = authorize();
        sandbox.voidAuthorization(unique("void"), voidable.id());

        assertThat(sandbox.capture(unique("cap"), declined.id(), AMOUNT).declineReason()).isEqualTo("authorization was declined");
        assertThat(sandbox.capture(unique("cap"), voidable.id(), AMOUNT).declineReason()).isEqualTo("authorization was voided");
        assertThat(sandbox.voidAuthorization(unique("void"), voidable.id()).declineReason()).isEqualTo("authorization was voided");
    }

    @Test
    void concurrentCapturesAndVoidsUnderDifferentKeysSettleAnAuthorizationOnce() throws Exception {
        ProviderResult authorization = authorize();

        List<ProviderResult> results = Concurrently.run(20, i -> () -> i % 2 == 0
                ? sandbox.capture(unique("cap"), authorization.id(), AMOUNT)
                : sandbox.voidAuthorization(unique("void"), authorization.id()));

        assertThat(results).filteredOn(ProviderResult::succeeded).hasSize(1);
        assertThat(succeededChildren(authorization.id())).isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM sandbox_payments WHERE parent_id = :id")
                .param("id", authorization.id()).query(Long.class).single()).isEqualTo(20);
    }

    @Test
    void refundsACaptureOnceAndNeverMoreThanItTook() {
        ProviderResult capture = sandbox.capture(unique("cap"), authorize().id(), new BigDecimal("80.00"));

        ProviderResult tooMuch = sandbox.refund(unique("ref"), capture.id(), AMOUNT);
        ProviderResult refund = sandbox.refund(unique("ref"), capture.id(), new BigDecimal("80.00"));
        ProviderResult again = sandbox.refund(unique("ref"), capture.id(), new BigDecimal("80.00"));

        assertThat(tooMuch.declineReason()).isEqualTo("amount exceeds the capture");
        assertThat(refund.succeeded()).isTrue();
        assertThat(refund.id()).startsWith("ref_");
        assertThat(again.declineReason()).isEqualTo("capture already refunded");
        assertThat(succeededChildren(capture.id())).isEqualTo(1);
    }

    @Test
    void settlingAnIdTheSandboxNeverIssuedIsACallerBug() {
        ProviderResult authorization = authorize();

        assertThatThrownBy(() -> sandbox.capture(unique("cap"), "auth_missing", AMOUNT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sandbox.refund(unique("ref"), authorization.id(), AMOUNT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no capture");
    }

    @Test
    void databaseRefusesASecondSucceededCaptureEvenWhenCodeTriesIt() {
        ProviderResult authorization = authorize();
        sandbox.capture(unique("cap"), authorization.id(), AMOUNT);

        assertThatThrownBy(() -> jdbc.sql("""
                INSERT INTO sandbox_payments (id, order_id, kind, amount, currency, status, idempotency_key, parent_id, created_at)
                SELECT 'cap_forged', order_id, 'capture', amount, currency, 'succeeded', 'forged', id, now()
                FROM sandbox_payments WHERE id = :id""").param("id", authorization.id()).update())
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("sandbox_payments_one_settlement_per_authorization");
    }

    private ProviderResult authorize() {
        return sandbox.authorize(unique("auth"), UUID.randomUUID(), AMOUNT, "USD", "tok_visa");
    }

    private long rowsWithKey(String key) {
        return jdbc.sql("SELECT count(*) FROM sandbox_payments WHERE idempotency_key = :key")
                .param("key", key).query(Long.class).single();
    }

    private long succeededChildren(String parentId) {
        return jdbc.sql("SELECT count(*) FROM sandbox_payments WHERE parent_id = :id AND status = 'succeeded'")
                .param("id", parentId).query(Long.class).single();
    }
}
