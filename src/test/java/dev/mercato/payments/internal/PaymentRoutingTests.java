package dev.mercato.payments.internal;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import dev.mercato.payments.ChargeRequest;
import dev.mercato.payments.PaymentOutcome;
import dev.mercato.payments.PaymentOutcome.Status;
import dev.mercato.support.Concurrently;

import static org.assertj.core.api.Assertions.assertThat;

/** Routing over two scripted processors: which one is tried, when, and that money moves at one only. */
class PaymentRoutingTests {

    private final ScriptedProcessor primary = new ScriptedProcessor("primary");
    private final ScriptedProcessor secondary = new ScriptedProcessor("secondary");
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final MutableClock clock = new MutableClock();
    private final InMemoryPaymentRoutes routes = new InMemoryPaymentRoutes();
    private final PaymentsService payments = new PaymentsService(List.of(primary, secondary), settings(), routes, meters, clock);

    @Test
    void primaryDownBeforeSendingIsSkippedAndTheSecondaryCapturesOnce() {
        primary.mode = ScriptedProcessor.Mode.REFUSED;
        UUID order = UUID.randomUUID();

        PaymentOutcome outcome = payments.charge(charge(order, "tok_visa"));

        assertThat(outcome.status()).isEqualTo(Status.CAPTURED);
        assertThat(outcome.provider()).isEqualTo("secondary");
        assertThat(primary.captures() + secondary.captures()).isEqualTo(1);
        assertThat(primary.recorded).isEmpty();
        assertThat(failovers("primary", "secondary")).isEqualTo(1);
        assertThat(routes.find(order).orElseThrow()).isEqualTo(new PaymentRoutes.Route("secondary", true, List.of("primary")));
    }

    @Test
    void aChargedOrderStaysWithItsProcessorForStatusAndReversal() {
        primary.mode = ScriptedProcessor.Mode.REFUSED;
        UUID order = UUID.randomUUID();
        payments.charge(charge(order, "tok_visa"));
        primary.mode = ScriptedProcessor.Mode.UP;
        primary.calls.clear();

        assertThat(payments.status(order).status()).isEqualTo(Status.CAPTURED);
        assertThat(payments.reverse(order)).extracting(PaymentOutcome::status, PaymentOutcome::provider)
                .containsExactly(Status.REFUNDED, "secondary");
        assertThat(payments.charge(charge(order, "tok_visa")).provider()).isEqualTo("secondary");
        assertThat(primary.calls).isEmpty();
    }

    @Test
    void primarySilentAfterChargingIsAskedAgainAndNoOtherProcessorIsTried() {
        primary.mode = ScriptedProcessor.Mode.SILENT_AFTER_RECORDING;
        UUID order = UUID.randomUUID();

        PaymentOutcome outcome = payments.charge(charge(order, "tok_visa"));

        // the capture timed out too, after recording: the look-up finds both
        assertThat(outcome.status()).isEqualTo(Status.CAPTURED);
        assertThat(outcome.provider()).isEqualTo("primary");
        assertThat(secondary.calls).isEmpty();
        assertThat(primary.captures()).isEqualTo(1);
        assertThat(failovers("primary", "secondary")).isZero();
    }

    @Test
    void serverErrorAfterRecordingIsAskedFirstAndKeepsTheOrderThere() {
        primary.mode = ScriptedProcessor.Mode.SERVER_ERROR_AFTER_RECORDING;
        UUID order = UUID.randomUUID();

        PaymentOutcome outcome = payments.charge(charge(order, "tok_visa"));

        assertThat(outcome.provider()).isEqualTo("primary");
        assertThat(outcome.status()).isEqualTo(Status.CAPTURED);
        assertThat(secondary.calls).isEmpty();
    }

    @Test
    void serverErrorWithNothingRecordedFailsOver() {
        primary.mode = ScriptedProcessor.Mode.SERVER_ERROR;

        PaymentOutcome outcome = payments.charge(charge(UUID.randomUUID(), "tok_visa"));

        assertThat(outcome.status()).isEqualTo(Status.CAPTURED);
        assertThat(outcome.provider()).isEqualTo("secondary");
    }

    @Test
    void aDeclineIsFinalAndNoOtherProcessorIsTried() {
        primary.mode = ScriptedProcessor.Mode.DECLINES;

        PaymentOutcome outcome = payments.charge(charge(UUID.randomUUID(), "tok_visa"));

        assertThat(outcome.status()).isEqualTo(Status.DECLINED);
        assertThat(outcome.provider()).isEqualTo("primary");
        assertThat(secondary.calls).isEmpty();
    }

    @Test
    void everyProcessorDownChargesNothing() {
        primary.mode = ScriptedProcessor.Mode.REFUSED;
        secondary.mode = ScriptedProcessor.Mode.REFUSED;

        PaymentOutcome outcome = payments.charge(charge(UUID.randomUUID(), "tok_visa"));

        assertThat(outcome.status()).isEqualTo(Status.NONE);
        assertThat(outcome.reason()).contains("no payment processor available");
    }

    @Test
    void processorDownTokenMakesTheFirstProcessorUnavailableWithoutCallingIt() {
        PaymentOutcome outcome = payments.charge(charge(UUID.randomUUID(), "tok_processor_down"));

        assertThat(outcome.provider()).isEqualTo("secondary");
        assertThat(outcome.status()).isEqualTo(Status.CAPTURED);
        assertThat(primary.calls).isEmpty();
    }

    @Test
    void theBreakerOpensOnADeadProcessorKeepsItOutOfThePathAndClosesWhenItRecovers() {
        primary.mode = ScriptedProcessor.Mode.REFUSED;
        for (int i = 0; i < 4; i++) {
            payments.charge(charge(UUID.randomUUID(), "tok_visa"));
        }
        assertThat(payments.breakers().state("primary")).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(gauge("primary")).isEqualTo(2.0);
        int callsWhenOpened = primary.calls.size();

        PaymentOutcome whileOpen = payments.charge(charge(UUID.randomUUID(), "tok_visa"));

        assertThat(whileOpen.provider()).isEqualTo("secondary");
        assertThat(primary.calls).as("an open breaker keeps the dead processor out of the path").hasSize(callsWhenOpened);

        primary.mode = ScriptedProcessor.Mode.UP;
        clock.advance(Duration.ofSeconds(31));
        // half-open lets three calls through: this charge's authorisation and capture are two of them
        PaymentOutcome probe = payments.charge(charge(UUID.randomUUID(), "tok_visa"));
        assertThat(probe.provider()).isEqualTo("primary");
        assertThat(payments.breakers().state("primary")).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(gauge("primary")).isEqualTo(1.0);
        payments.charge(charge(UUID.randomUUID(), "tok_visa"));
        assertThat(payments.breakers().state("primary")).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(gauge("primary")).isZero();
    }

    @Test
    void declinesDoNotOpenTheBreaker() {
        primary.mode = ScriptedProcessor.Mode.DECLINES;
        for (int i = 0; i < 10; i++) {
            payments.charge(charge(UUID.randomUUID(), "tok_visa"));
        }
        assertThat(payments.breakers().state("primary")).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void concurrentChargesOfOneOrderWhileThePrimaryFlapsCaptureAtOneProcessorOnce() throws Exception {
        for (int round = 0; round < 200; round++) {
            UUID order = UUID.randomUUID();
            primary.mode = round % 2 == 0 ? ScriptedProcessor.Mode.REFUSED : ScriptedProcessor.Mode.UP;
            int flipAt = round % 7;
            List<PaymentOutcome> outcomes = Concurrently.run(8, i -> () -> {
                if (i == flipAt) {
                    primary.mode = primary.mode == ScriptedProcessor.Mode.UP ? ScriptedProcessor.Mode.REFUSED : ScriptedProcessor.Mode.UP;
                }
                return payments.charge(charge(order, "tok_visa"));
            });
            long captures = capturesOf(primary, order) + capturesOf(secondary, order);
            if (captures == 0) {
                // the primary went down between a pinned authorisation and its capture: no charge took the
                // money, and it is held by one live authorisation at the pinned processor, which a later
                // charge of the order captures there (never at the other one)
                PaymentRoutes.Route route = routes.find(order).orElseThrow();
                ScriptedProcessor holder = route.provider().equals("primary") ? primary : secondary;
                assertThat(route.pinned()).as("round %d: %s", round, outcomes).isTrue();
                assertThat(outcomes).as("round %d", round).noneMatch(outcome -> outcome.is(Status.CAPTURED));
                assertThat(holder.recorded.get("order-" + order + "-authorize").succeeded()).as("round %d: held", round).isTrue();
                assertThat(holder.recorded.get("order-" + order + "-void")).as("round %d: not voided", round).isNull();
                continue;
            }
            assertThat(captures).as("round %d: captures of one order across both processors; outcomes %s", round, outcomes).isEqualTo(1);
            String pinned = routes.find(order).orElseThrow().provider();
            assertThat(outcomes).as("round %d", round).allSatisfy(outcome -> {
                if (outcome.is(Status.CAPTURED)) {
                    assertThat(outcome.provider()).isEqualTo(pinned);
                }
            });
        }
    }

    private static long capturesOf(ScriptedProcessor processor, UUID order) {
        return processor.recorded.entrySet().stream()
                .filter(e -> e.getKey().equals("order-" + order + "-capture") && e.getValue().succeeded()).count();
    }

    private double failovers(String from, String to) {
        return meters.get("payment_failovers").tags("from", from, "to", to).counter().count();
    }

    private double gauge(String processor) {
        return meters.get("circuit_breaker_state").tags("service", "payments:" + processor).gauge().value();
    }

    private static ChargeRequest charge(UUID order, String token) {
        return new ChargeRequest(order, new BigDecimal("25.00"), "USD", "card", token);
    }

    private static PaymentsSettings settings() {
        PaymentsSettings defaults = PaymentsSettings.of("primary");
        return new PaymentsSettings("primary", List.of("primary", "secondary"),
                new PaymentsSettings.Breaker(4, 4, 50, Duration.ofSeconds(30), 3), defaults.webhook(), defaults.stripe());
    }

    /** A clock tests move by hand. */
    private static final class MutableClock extends Clock {

        private volatile Instant now = Instant.parse("2026-12-01T12:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
