package dev.mercato.payments.web;

import java.util.List;
import java.util.UUID;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.mercato.payments.PaymentRecord;
import dev.mercato.payments.Payments;

@RestController
class AdminPaymentsController {

    private final Payments payments;

    AdminPaymentsController(Payments payments) {
        this.payments = payments;
    }

    /** The provider's ledger for the order, oldest first: lets an operator check nothing was charged twice. */
    @GetMapping("/api/admin/payments")
    List<PaymentRecord> records(@RequestParam UUID orderId) {
        return payments.records(orderId);
    }
}
