package dev.mercato.analytics.internal;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

import org.springframework.stereotype.Component;

import dev.mercato.catalog.Catalog;
import dev.mercato.catalog.ProductDetails;
import dev.mercato.platform.web.ProblemException;

/**
 * What the admin routes answer, read from {@link SalesRollups}, with the request's range checked:
 * RFC 3339 times, {@code from} before {@code to}, and no more than {@value #MAX_HOURS} hourly or
 * {@value #MAX_DAYS} daily buckets. Without {@code to} the range ends now; without {@code from} it
 * starts a day (hourly) or 30 days (daily, top products) before {@code to}.
 */
@Component
public class SalesReports {

    static final long MAX_HOURS = 24 * 62;
    static final long MAX_DAYS = 366 * 5;

    public record SalesPoint(Instant at, long orders, long units, BigDecimal revenue, String currency) {
    }

    /** @param title the product's current title; null when it is no longer active */
    public record TopProduct(String productId, String title, long units, BigDecimal revenue, String currency) {
    }

    private final SalesRollups rollups;
    private final Catalog catalog;
    private final Clock clock;

    SalesReports(SalesRollups rollups, Catalog catalog, Clock clock) {
        this.rollups = rollups;
        this.catalog = catalog;
        this.clock = clock;
    }

    public List<SalesPoint> sales(String from, String to, String granularity, String sku) {
        SalesRollups.Granularity unit = SalesRollups.Granularity.valueOf(granularity.toUpperCase(Locale.ROOT));
        boolean hourly = unit == SalesRollups.Granularity.HOUR;
        Range range = range(from, to, hourly ? Duration.ofDays(1) : Duration.ofDays(30));
        Duration longest = hourly ? Duration.ofHours(MAX_HOURS) : Duration.ofDays(MAX_DAYS);
        if (Duration.between(range.from(), range.to()).compareTo(longest) > 0) {
            throw ProblemException.badRequest("range-too-long", "At most " + (hourly ? MAX_HOURS + " hours" : MAX_DAYS + " days")
                    + " per request with granularity " + granularity);
        }
        return rollups.sales(range.from(), range.to(), unit, sku).stream()
                .map(p -> new SalesPoint(p.at(), p.orders(), p.units(), p.revenue(), p.currency())).toList();
    }

    public List<TopProduct> topProducts(String from, String to, int limit) {
        Range range = range(from, to, Duration.ofDays(30));
        if (Duration.between(range.from(), range.to()).compareTo(Duration.ofDays(MAX_DAYS)) > 0) {
            throw ProblemException.badRequest("range-too-long", "At most " + MAX_DAYS + " days per request");
        }
        return rollups.topProducts(range.from(), range.to(), limit).stream()
                .map(p -> new TopProduct(Long.toString(p.productId()),
                        catalog.product(Long.toString(p.productId())).map(ProductDetails::title).orElse(null),
                        p.units(), p.revenue(), p.currency()))
                .toList();
    }

    private record Range(Instant from, Instant to) {
    }

    private Range range(String from, String to, Duration defaultLength) {
        Instant end = to == null ? clock.instant() : parse("to", to);
        Instant start = from == null ? end.minus(defaultLength) : parse("from", from);
        if (!start.isBefore(end)) {
            throw ProblemException.badRequest("invalid-range", "from must be before to");
        }
        return new Range(start, end);
    }

    private static Instant parse(String name, String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("invalid-time", name + " must be an RFC 3339 time such as 2026-01-31T00:00:00Z");
        }
    }
}
