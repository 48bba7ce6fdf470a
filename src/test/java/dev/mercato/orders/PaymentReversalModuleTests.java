package dev.mercato.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.ApplicationModuleTest.BootstrapMode;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.context.ActiveProfiles;

import dev.mercato.payments.ChargeRequest;
import dev.mercato.payments.PaymentOutcome;
import dev.mercato.payments.Payments;

/**
 * The orders module with the modules it calls: an order's move to cancelled or refunded gives the
 * money back through the Payments facade, from the event publication registry.
 */
@ApplicationModuleTest(mode = BootstrapMode.DIRECT_DEPENDENCIES, extraIncludes = {"catalog", "promotions"})
@ActiveProfiles("test")
class PaymentReversalModuleTests {

    @Autowired
    Payments payments;

    @Test
    void aCancelledOrdersPaymentIsGivenBack(Scenario scenario) {
        UUID orderId = UUID.randomUUID();
        assertThat(payments.charge(new ChargeRequest(orderId, new BigDecimal("25.00"), "USD", "card", "tok_visa")).status())
                .isIn(PaymentOutcome.Status.AUTHORIZED, PaymentOutcome.Status.CAPTURED);

        scenario.publish(new OrderStatusChanged(new dev.mercato.platform.commerce.OrderId(orderId), "pending_payment", "cancelled", Instant.now()))
                .andWaitForStateChange(() -> payments.status(orderId).status(),
                        status -> status == PaymentOutcome.Status.VOIDED || status == PaymentOutcome.Status.REFUNDED)
                .andVerify(status -> assertThat(payments.records(orderId))
                        .extracting(record -> record.kind())
                        .containsAnyOf("void", "refund"));
    }
}
