package dev.mercato.payments.internal;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mercato.payments.PaymentProcessorUnavailableException;
import dev.mercato.payments.PaymentTimeoutException;

/**
 * One Resilience4j circuit breaker per processor, so a dead processor is kept out of the payment path
 * instead of costing every payment a timeout before its failover. Only "down" and "silent" answers
 * ({@link PaymentProcessorUnavailableException}, {@link PaymentTimeoutException}) count as failures: a
 * decline is the processor working, and the sandbox's {@code tok_timeout} card plays one payment, not
 * the processor ({@link SandboxCardTimeout}). An open breaker refuses the call at once
 * ({@link CallNotPermittedException}), which routing treats as the processor being down (nothing was
 * sent). Each state is exported as {@code circuit_breaker_state{service="payments:<processor>"}} (0
 * closed, 1 half-open, 2 open), beside the search breaker's. Time comes from the injected clock.
 */
final class ProcessorBreakers {

    private static final Logger log = LoggerFactory.getLogger(ProcessorBreakers.class);

    private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
    private final CircuitBreakerConfig config;
    private final MeterRegistry meters;

    ProcessorBreakers(PaymentsSettings.Breaker limits, Clock clock, MeterRegistry meters) {
        this.config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(limits.window())
                .minimumNumberOfCalls(limits.minimumCalls())
                .failureRateThreshold(limits.failureRate())
                .waitDurationInOpenState(limits.openFor())
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .permittedNumberOfCallsInHalfOpenState(limits.halfOpenCalls())
                .recordExceptions(PaymentProcessorUnavailableException.class, PaymentTimeoutException.class)
                // a sandbox test card's timeout is one payment's fate, not the processor's health
                .ignoreExceptions(SandboxCardTimeout.class)
                .clock(clock)
                .build();
        this.meters = meters;
    }

    /** Runs the call through the processor's breaker; throws {@link CallNotPermittedException} without calling while open. */
    <T> T call(String processor, Supplier<T> call) {
        return breaker(processor).executeSupplier(call);
    }

    CircuitBreaker.State state(String processor) {
        return breaker(processor).getState();
    }

    /** Creates the processor's breaker (and its gauge) now, so its state is exported from start-up. */
    CircuitBreaker breaker(String processor) {
        return breakers.computeIfAbsent(processor, this::create);
    }

    private CircuitBreaker create(String processor) {
        CircuitBreaker breaker = CircuitBreaker.of("payments:" + processor, config);
        breaker.getEventPublisher().onStateTransition(event -> log.warn("payment processor circuit breaker processor={} {} -> {}",
                processor, event.getStateTransition().getFromState(), event.getStateTransition().getToState()));
        Gauge.builder("circuit_breaker_state", breaker, ProcessorBreakers::code).tag("service", "payments:" + processor)
                .description("Payment processor circuit breaker: 0 closed, 1 half-open, 2 open").register(meters);
        return breaker;
    }

    private static int code(CircuitBreaker breaker) {
        return switch (breaker.getState()) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            default -> 2;
        };
    }
}
