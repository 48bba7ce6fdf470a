package dev.mercato.payments.internal;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The built-in processors: {@code sandbox} (the single default of earlier releases) and the pair
 * {@code sandbox-a}, {@code sandbox-b} that make routing and failover real without a network
 * ({@code MERCATO_PAYMENTS_ROUTING=sandbox-a,sandbox-b}). Each keeps its own ledger table.
 */
@Configuration(proxyBeanMethods = false)
class SandboxProcessors {

    @Bean
    SandboxPaymentProvider sandbox(JdbcClient jdbc, TransactionTemplate transactions, Clock clock) {
        return new SandboxPaymentProvider(SandboxPaymentProvider.NAME, new SandboxLedger(jdbc, "sandbox_payments"), transactions, clock);
    }

    @Bean("sandbox-a")
    SandboxPaymentProvider sandboxA(JdbcClient jdbc, TransactionTemplate transactions, Clock clock) {
        return new SandboxPaymentProvider("sandbox-a", new SandboxLedger(jdbc, "sandbox_a_payments"), transactions, clock);
    }

    @Bean("sandbox-b")
    SandboxPaymentProvider sandboxB(JdbcClient jdbc, TransactionTemplate transactions, Clock clock) {
        return new SandboxPaymentProvider("sandbox-b", new SandboxLedger(jdbc, "sandbox_b_payments"), transactions, clock);
    }
}
