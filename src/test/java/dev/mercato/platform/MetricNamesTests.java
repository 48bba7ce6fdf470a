package dev.mercato.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mercato.support.ApiTest;

/**
 * The metric names and labels of DESIGN.md section 6 are part of the API: dashboards and the alert
 * rules in deploy/ read them. Every series is there from start-up, at 0, so this test makes no
 * traffic first; an alert on a series that appears only after the first failure would be blind
 * until then.
 */
class MetricNamesTests extends ApiTest {

    private Scrape scrape;

    @BeforeEach
    void scrape() {
        var response = api.get("/actuator/prometheus", adminToken());
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        scrape = Scrape.parse(response.body());
    }

    @Test
    void ordersAreCountedBySuccessFailureAndDuplicate() {
        assertThat(scrape.type("orders_total")).isEqualTo("counter");
        assertThat(scrape.labelValues("orders_total", "status")).containsExactlyInAnyOrder("success", "failed", "duplicate");
    }

    @Test
    void orderValueIsAHistogramInDollarBuckets() {
        assertThat(scrape.type("order_value_dollars")).isEqualTo("histogram");
        assertThat(scrape.bucketBounds("order_value_dollars"))
                .containsExactly("10", "25", "50", "100", "250", "500", "1000", "2500", "+Inf");
        assertThat(scrape.series("order_value_dollars_count")).isNotEmpty();
        assertThat(scrape.series("order_value_dollars_sum")).isNotEmpty();
    }

    @Test
    void reservationsAreCountedBySuccessInsufficientAndError() {
        assertThat(scrape.type("inventory_reservations_total")).isEqualTo("counter");
        assertThat(scrape.labelValues("inventory_reservations_total", "status"))
                .containsExactlyInAnyOrder("success", "insufficient", "error");
    }

    @Test
    void abandonmentsAndOversellsAreCounted() {
        assertThat(scrape.type("cart_abandonments_total")).isEqualTo("counter");
        assertThat(scrape.series("cart_abandonments_total")).hasSize(1);
        assertThat(scrape.type("inventory_oversell_total")).isEqualTo("counter");
        assertThat(scrape.series("inventory_oversell_total")).hasSize(1);
    }

    @Test
    void searchLatencyIsAHistogramByQueryTypeAndEngineFromTenMillisecondsToOneSecond() {
        assertThat(scrape.type("search_latency_seconds")).isEqualTo("histogram");
        assertThat(scrape.labelValues("search_latency_seconds_count", "query_type"))
                .containsExactlyInAnyOrder("browse", "text", "text_filtered");
        // the test profile runs Lucene; PostgreSQL answers when it fails
        assertThat(scrape.labelValues("search_latency_seconds_count", "engine")).containsExactlyInAnyOrder("lucene", "postgres");
        assertThat(scrape.bucketBounds("search_latency_seconds"))
                .containsExactly("0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "+Inf");
    }

    @Test
    void theSearchCircuitBreakerStateIsAGaugeOfZeroOneOrTwo() {
        assertThat(scrape.type("circuit_breaker_state")).isEqualTo("gauge");
        List<Sample> states = scrape.series("circuit_breaker_state").stream()
                .filter(sample -> !sample.labels().get("service").startsWith("payments:")).toList();
        assertThat(states).extracting(sample -> sample.labels().get("service")).containsExactly("search");
        assertThat(states.getFirst().value()).isIn(0.0, 1.0, 2.0);
    }

    @Test
    void couponRedemptionsAreCountedByOutcome() {
        assertThat(scrape.type("coupon_redemptions_total")).isEqualTo("counter");
        assertThat(scrape.labelValues("coupon_redemptions_total", "outcome"))
                .containsExactlyInAnyOrder("redeemed", "returned", "released", "exhausted", "limit", "invalid");
    }

    @Test
    void eachRoutedPaymentProcessorHasABreakerStateAndOutcomeCounters() {
        // the test profile routes over the single default sandbox
        assertThat(scrape.series("circuit_breaker_state")).extracting(sample -> sample.labels().get("service"))
                .contains("payments:sandbox");
        assertThat(scrape.type("payments_total")).isEqualTo("counter");
        assertThat(scrape.labelValues("payments_total", "provider")).containsExactly("sandbox");
        assertThat(scrape.labelValues("payments_total", "outcome")).containsExactlyInAnyOrder(
                "authorized", "captured", "voided", "refunded", "declined", "timeout", "unavailable");
    }

    record Sample(String name, Map<String, String> labels, double value) {
    }

    /** The Prometheus text format, as far as this test needs it: samples and their declared types. */
    record Scrape(List<Sample> samples, Map<String, String> types) {

        private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)(?: \\S+)?$");
        private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");
        private static final Pattern TYPE = Pattern.compile("^# TYPE (\\S+) (\\S+)$");

        static Scrape parse(String body) {
            List<Sample> samples = new ArrayList<>();
            Map<String, String> types = new LinkedHashMap<>();
            for (String line : body.lines().toList()) {
                Matcher type = TYPE.matcher(line);
                if (type.matches()) {
                    types.put(type.group(1), type.group(2));
                    continue;
                }
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                Matcher sample = SAMPLE.matcher(line);
                assertThat(sample.matches()).as("a sample line: %s", line).isTrue();
                Map<String, String> labels = new LinkedHashMap<>();
                if (sample.group(2) != null) {
                    Matcher label = LABEL.matcher(sample.group(2));
                    while (label.find()) {
                        labels.put(label.group(1), label.group(2));
                    }
                }
                samples.add(new Sample(sample.group(1), labels, Double.parseDouble(sample.group(3))));
            }
            return new Scrape(samples, types);
        }

        /** The type the scrape declares for a metric family, e.g. {@code orders_total}: counter. */
        String type(String metric) {
            // the text format 0.0.4 declares counters under their _total name, OpenMetrics without it
            String declared = types.getOrDefault(metric, types.get(metric.replaceFirst("_total$", "")));
            assertThat(declared).as("a # TYPE line for %s in the scrape", metric).isNotNull();
            return declared;
        }

        List<Sample> series(String name) {
            return samples.stream().filter(sample -> sample.name().equals(name)).toList();
        }

        Set<String> labelValues(String name, String label) {
            List<Sample> series = series(name);
            assertThat(series).as("series of %s", name).isNotEmpty();
            assertThat(series).as("every series of %s has a %s label", name, label)
                    .allSatisfy(sample -> assertThat(sample.labels()).containsKey(label));
            return new TreeSet<>(series.stream().map(sample -> sample.labels().get(label)).toList());
        }

        /**
         * The {@code le} bounds of a histogram's buckets, lowest first, written without a trailing
         * ".0"; every series of the histogram (each combination of its other labels) must have the same.
         */
        List<String> bucketBounds(String histogram) {
            Map<Map<String, String>, List<String>> bySeries = new LinkedHashMap<>();
            for (Sample bucket : series(histogram + "_bucket")) {
                Map<String, String> others = new LinkedHashMap<>(bucket.labels());
                String le = others.remove("le");
                bySeries.computeIfAbsent(others, key -> new ArrayList<>()).add(le);
            }
            assertThat(bySeries).as("buckets of %s", histogram).isNotEmpty();
            Set<List<String>> distinct = new java.util.HashSet<>();
            bySeries.values().forEach(bounds -> distinct.add(bounds.stream()
                    .sorted((a, b) -> Double.compare(bound(a), bound(b)))
                    .map(le -> le.endsWith(".0") ? le.substring(0, le.length() - 2) : le)
                    .toList()));
            assertThat(distinct).as("bucket bounds of every series of %s", histogram).hasSize(1);
            return distinct.iterator().next();
        }

        private static double bound(String le) {
            return le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
        }
    }
}
