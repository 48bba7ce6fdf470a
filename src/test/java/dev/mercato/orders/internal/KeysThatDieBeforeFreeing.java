package dev.mercato.orders.internal;

import java.time.Clock;
import java.util.function.BooleanSupplier;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import dev.mercato.platform.commerce.Owner;

/**
 * For crash tests: checkout's key steps, except that freeing a key after phase 1 failed dies when
 * {@link #dies} says so, as a process killed right after claiming the key leaves it claimed.
 */
@TestConfiguration
public class KeysThatDieBeforeFreeing {

    public static volatile BooleanSupplier dies = () -> false;

    @Bean
    @Primary
    CheckoutKeys dyingCheckoutKeys(IdempotencyKeys keys, TransactionTemplate transactions, JsonMapper json, Clock clock,
            OrdersSettings settings) {
        return new CheckoutKeys(keys, transactions, json, clock, settings) {
            @Override
            void release(Owner owner, String key) {
                if (dies.getAsBoolean()) {
                    throw new IllegalStateException("simulated process death after the key was claimed");
                }
                super.release(owner, key);
            }
        };
    }
}
