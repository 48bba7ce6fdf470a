package dev.mercato.search.internal;

import java.time.Clock;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The circuit breaker around the search engine: opens after {@code failures} consecutive failures,
 * lets a call through once {@code openFor} has passed (half-open), closes after
 * {@code halfOpenSuccesses} successes in a row and opens again at the first failure while half-open.
 * State is exported as {@code circuit_breaker_state{service="search"}} (0 closed, 1 half-open, 2 open).
 *
 * <p>Resilience4j counts failures as a rate over a window; a count window as long as the failure
 * streak with a 100% threshold is exactly "N consecutive failures". Its half-open state judges a
 * rate too, so a failure there is turned into an immediate re-open by hand. Time is read from the
 * injected clock (no timer thread), so the open-to-half-open step happens on the first call after
 * the wait.
 */
@Component
public class SearchBreaker {

    private static final Logger log = LoggerFactory.getLogger(SearchBreaker.class);

    private final CircuitBreaker breaker;

    SearchBreaker(SearchSettings settings, Clock clock, MeterRegistry meters) {
        SearchSettings.Breaker limits = settings.breaker();
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(limits.failures())
                .minimumNumberOfCalls(limits.failures())
                .failureRateThreshold(100)
                .waitDurationInOpenState(limits.openFor())
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .permittedNumberOfCallsInHalfOpenState(limits.halfOpenSuccesses())
                // a query the engine refuses as invalid says nothing about the engine's health
                .ignoreExceptions(IllegalArgumentException.class)
                .clock(clock)
                .build();
        this.breaker = CircuitBreaker.of("search", config);
        breaker.getEventPublisher()
                .onError(event -> {
                    if (breaker.getState() == State.HALF_OPEN) {
                        breaker.transitionToOpenState();
                    }
                })
                .onStateTransition(event -> log.warn("search circuit breaker {} -> {}",
                        event.getStateTransition().getFromState(), event.getStateTransition().getToState()));
        Gauge.builder("circuit_breaker_state", this, SearchBreaker::stateCode).tag("service", "search")
                .description("Search engine circuit breaker: 0 closed, 1 half-open, 2 open").register(meters);
    }

    /** Runs the call through the breaker; throws CallNotPermittedException without calling while open. */
    public <T> T call(Supplier<T> call) {
        return breaker.executeSupplier(call);
    }

    public State state() {
        return breaker.getState();
    }

    int stateCode() {
        return switch (breaker.getState()) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            default -> 2;
        };
    }

    /** For tests: forget the past, as after a restart. */
    void reset() {
        breaker.reset();
    }
}
