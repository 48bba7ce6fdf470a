package dev.mercato.payments.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** @param provider name of the {@link dev.mercato.payments.PaymentProvider} that moves the money */
@ConfigurationProperties("mercato.payments")
record PaymentsSettings(@DefaultValue("sandbox") String provider) {
}
