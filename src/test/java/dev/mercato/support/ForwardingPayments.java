package dev.mercato.support;

import java.util.List;
import java.util.UUID;

import dev.mercato.payments.ChargeRequest;
import dev.mercato.payments.PaymentOutcome;
import dev.mercato.payments.PaymentRecord;
import dev.mercato.payments.Payments;

/** Payments that forward to the real ones; crash tests override {@link #charge} to die around the provider call. */
public class ForwardingPayments implements Payments {

    private final Payments real;

    public ForwardingPayments(Payments real) {
        this.real = real;
    }

    @Override
    public PaymentOutcome charge(ChargeRequest request) {
        return real.charge(request);
    }

    @Override
    public PaymentOutcome status(UUID orderId) {
        return real.status(orderId);
    }

    @Override
    public PaymentOutcome reverse(UUID orderId) {
        return real.reverse(orderId);
    }

    @Override
    public List<PaymentRecord> records(UUID orderId) {
        return real.records(orderId);
    }
}
