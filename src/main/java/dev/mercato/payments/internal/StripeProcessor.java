package dev.mercato.payments.internal;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The Stripe processor exists only when {@code MERCATO_PAYMENTS_STRIPE_API_KEY} is set (off by default). */
@Configuration(proxyBeanMethods = false)
class StripeProcessor {

    @Bean
    @ConditionalOnExpression("!'${mercato.payments.stripe.api-key:}'.isBlank()")
    StripePaymentProvider stripe(PaymentsSettings settings, JsonMapper json) {
        return new StripePaymentProvider(settings.stripe(), json);
    }
}
