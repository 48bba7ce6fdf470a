package dev.mercato.payments.internal;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import dev.mercato.payments.ChargeRequest;
import dev.mercato.payments.PaymentOutcome;
import dev.mercato.payments.PaymentOutcome.Status;
import dev.mercato.payments.PaymentProvider;
import dev.mercato.payments.PaymentRecord;
import dev.mercato.payments.PaymentTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How the facade reads a provider that does not answer. The sandbox only times out on authorisations
 * and always answers look-ups, so the other cases are played by a scripted processor here.
 */
class PaymentsServiceTimeoutTests {

    private final ScriptedProvider provider = new ScriptedProvider();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final PaymentsService payments = new PaymentsService(List.of(provider), PaymentsSettings.of("scripted"),
            new InMemoryPaymentRoutes(), meters, java.time.Clock.systemUTC());
    private final UUID order = UUID.randomUUID();

    @Test
    void chargeIsUnknownWhenEvenTheLookupFails() {
        provider.silentOn("authorization", true);
        provider.lookupsFail = true;

        PaymentOutcome outcome = payments.charge(charge());

        assertThat(outcome.status()).isEqualTo(Status.UNKNOWN);
        assertThat(outcome.reason()).contains("order-" + order + "-authorize");
        assertThat(meters.get("payments").tags("provider", "scripted", "outcome", "timeout").counter().count()).isEqualTo(1);
    }

    @Test
    void captureThatTimedOutAfterGoingThroughIsReportedCaptured() {
        provider.silentOn("capture", true);

        PaymentOutcome outcome = payments.charge(charge());

        assertThat(outcome.status()).isEqualTo(Status.CAPTURED);
        assertThat(outcome.captureId()).startsWith("capture-");
    }

    @Test
    void captureThatTimedOutBeforeGoingThroughLeavesTheOrderAuthorizedUntilChargedAgain() {
        provider.silentOn("capture", false);

        PaymentOutcome first = payments.charge(charge());
        provider.silent.clear();
        PaymentOutcome second = payments.charge(charge());

        assertThat(first.status()).isEqualTo(Status.AUTHORIZED);
        assertThat(second.status()).isEqualTo(Status.CAPTURED);
        assertThat(second.authorizationId()).isEqualTo(first.authorizationId());
    }

    @Test
    void reverseIsUnknownWhenTheRefundGetsNoAnswerAndNothingWasRefunded() {
        payments.charge(charge());
        provider.silentOn("refund", false);

        assertThat(payments.reverse(order).status()).isEqualTo(Status.UNKNOWN);
        assertThat(payments.status(order).status()).isEqualTo(Status.CAPTURED);
    }

    @Test
    void statusIsUnknownWhenLookupsFail() {
        payments.charge(charge());
        provider.lookupsFail = true;

        assertThat(payments.status(order).status()).isEqualTo(Status.UNKNOWN);
    }

    @Test
    void aProviderNameNoBeanAnswersToFailsAtStartup() {
        assertThatThrownBy(() -> new PaymentsService(List.of(provider), PaymentsSettings.of("stripe"),
                new InMemoryPaymentRoutes(), meters, java.time.Clock.systemUTC()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("stripe").hasMessageContaining("scripted");
    }

    private ChargeRequest charge() {
        return new ChargeRequest(order, new BigDecimal("10.00"), "USD", "card", "tok_visa");
    }

    /** Approves everything, honours keys, and times out on the kinds a test names (after or before recording). */
    private static final class ScriptedProvider implements PaymentProvider {

        final Map<String, ProviderResult> recorded = new HashMap<>();
        final Map<String, Boolean> silent = new HashMap<>();
        boolean lookupsFail;
        private int ids;

        void silentOn(String kind, boolean afterRecording) {
            silent.put(kind, afterRecording);
        }

        @Override
        public String name() {
            return "scripted";
        }

        @Override
        public ProviderResult authorize(String key, UUID orderId, BigDecimal amount, String currency, String token) {
            return answer(key, "authorization", amount);
        }

        @Override
        public ProviderResult capture(String key, String authorizationId, BigDecimal amount) {
            return answer(key, "capture", amount);
        }

        @Override
        public ProviderResult voidAuthorization(String key, String authorizationId) {
            return answer(key, "void", BigDecimal.ZERO);
        }

        @Override
        public ProviderResult refund(String key, String captureId, BigDecimal amount) {
            return answer(key, "refund", amount);
        }

        @Override
        public Optional<ProviderResult> lookup(String key) {
            if (lookupsFail) {
                throw new IllegalStateException("connection reset");
            }
            return Optional.ofNullable(recorded.get(key));
        }

        @Override
        public List<PaymentRecord> ledger(UUID orderId) {
            return List.of();
        }

        private ProviderResult answer(String key, String kind, BigDecimal amount) {
            Boolean afterRecording = silent.get(kind);
            if (Boolean.FALSE.equals(afterRecording)) {
                throw new PaymentTimeoutException(kind + " timed out");
            }
            ProviderResult result = recorded.computeIfAbsent(key,
                    k -> new ProviderResult(kind + "-" + ++ids, kind, "succeeded", amount, "USD", null));
            if (Boolean.TRUE.equals(afterRecording)) {
                throw new PaymentTimeoutException(kind + " timed out");
            }
            return result;
        }
    }
}
