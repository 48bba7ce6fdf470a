package dev.mercato.payments;

import java.util.UUID;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.TestPropertySource;

import dev.mercato.support.ApiTest;
import dev.mercato.support.ForwardingPayments;

/**
 * The application routing over the two sandbox processors, as issue 14 checks it
 * ({@code MERCATO_PAYMENTS_ROUTING=sandbox-a,sandbox-b}, a webhook secret). One context for every
 * subclass. Payments pass through a gate that a test may arm to act while a checkout is between
 * its charge and the recording of the result (a webhook racing it).
 */
@TestPropertySource(properties = {
        "mercato.payments.routing=sandbox-a,sandbox-b",
        "mercato.payments.webhook.secret=" + RoutedPaymentsTest.SECRET})
@Import(RoutedPaymentsTest.GateConfiguration.class)
public abstract class RoutedPaymentsTest extends ApiTest {

    public static final String SECRET = "whsec_routing_tests";

    /** Runs inside charge(): before the processors are called, and after they answered. */
    public interface Gate {
        default void beforeCharge(UUID orderId) {
        }

        default void afterCharge(UUID orderId, PaymentOutcome outcome) {
        }
    }

    static volatile Gate gate = new Gate() {
    };

    @AfterEach
    void openGate() {
        gate = new Gate() {
        };
    }

    @TestConfiguration
    static class GateConfiguration {

        @Bean
        @Primary
        Payments gatedPayments(@Qualifier("paymentsService") Payments real) {
            return new ForwardingPayments(real) {
                @Override
                public PaymentOutcome charge(ChargeRequest request) {
                    Gate now = gate;
                    now.beforeCharge(request.orderId());
                    PaymentOutcome outcome = super.charge(request);
                    now.afterCharge(request.orderId(), outcome);
                    return outcome;
                }
            };
        }
    }

    /** Succeeded captures of the order in every processor's ledger together. */
    protected long capturesEverywhere(String orderId) {
        return jdbc.sql("""
                SELECT (SELECT count(*) FROM sandbox_payments WHERE order_id = :id::uuid AND kind = 'capture' AND status = 'succeeded')
                     + (SELECT count(*) FROM sandbox_a_payments WHERE order_id = :id::uuid AND kind = 'capture' AND status = 'succeeded')
                     + (SELECT count(*) FROM sandbox_b_payments WHERE order_id = :id::uuid AND kind = 'capture' AND status = 'succeeded')""")
                .param("id", orderId).query(Long.class).single();
    }

    protected long ledgerRows(String table, String orderId) {
        return jdbc.sql("SELECT count(*) FROM " + table + " WHERE order_id = :id::uuid").param("id", orderId).query(Long.class).single();
    }

    protected String orderColumn(String orderId, String column) {
        return jdbc.sql("SELECT " + column + " FROM orders WHERE id = :id::uuid").param("id", orderId).query(String.class).single();
    }
}
