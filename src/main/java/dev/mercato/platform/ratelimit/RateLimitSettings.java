package dev.mercato.platform.ratelimit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Token buckets per route ({@code mercato.platform.rate-limits.*}). Each limit is a burst of
 * {@code capacity} requests, refilled evenly over {@code period}. Login and register are counted
 * per client address, checkout and flash-sale claims per session or customer, so a flash sale's
 * buyers (one claim each) are never throttled by each other.
 *
 * @param enabled         off only for load tests that drive thousands of accounts from one address
 * @param login           login attempts per client address
 * @param register        registrations per client address
 * @param checkout        order placements per session or customer
 * @param flashSaleClaims flash-sale claims per session or customer
 * @param loginBackoff    per account and address, after repeated wrong passwords
 */
@ConfigurationProperties("mercato.platform.rate-limits")
public record RateLimitSettings(
        @DefaultValue("true") boolean enabled,
        Limit login,
        Limit register,
        Limit checkout,
        Limit flashSaleClaims,
        Backoff loginBackoff) {

    // defaults here, not in @DefaultValue: Boot binds no values into a nested record's default, and
    // a limit given in part (only its capacity, say) keeps the default of the other part
    public RateLimitSettings {
        login = Limit.orElse(login, 20, Duration.ofMinutes(1));
        register = Limit.orElse(register, 10, Duration.ofMinutes(10));
        checkout = Limit.orElse(checkout, 20, Duration.ofMinutes(1));
        flashSaleClaims = Limit.orElse(flashSaleClaims, 20, Duration.ofSeconds(10));
        loginBackoff = loginBackoff == null ? new Backoff(null, null, null) : loginBackoff;
    }

    /** A burst of {@code capacity}, refilled over {@code period}. */
    public record Limit(Integer capacity, Duration period) {

        static Limit orElse(Limit given, int capacity, Duration period) {
            return given == null ? new Limit(capacity, period)
                    : new Limit(given.capacity() == null ? capacity : given.capacity(), given.period() == null ? period : given.period());
        }
    }

    /**
     * @param freeFailures wrong passwords allowed before any wait (5)
     * @param firstWait    the wait after the first failure past them (1 s); it doubles with each further one
     * @param longestWait  the cap (15 min)
     */
    public record Backoff(Integer freeFailures, Duration firstWait, Duration longestWait) {

        public Backoff {
            freeFailures = freeFailures == null ? 5 : freeFailures;
            firstWait = firstWait == null ? Duration.ofSeconds(1) : firstWait;
            longestWait = longestWait == null ? Duration.ofMinutes(15) : longestWait;
        }
    }
}
