package dev.mercato.support;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads counters from {@code /actuator/prometheus} the way a scraper would. */
public final class Prometheus {

    private final Api api;

    public Prometheus(Api api) {
        this.api = api;
    }

    /** The sum of every series of the metric (all tag combinations); 0 when it has not been exported yet. */
    public double value(String metric) {
        var scrape = api.get("/actuator/prometheus", null);
        assertThat(scrape.status()).as(scrape.toString()).isEqualTo(200);
        return scrape.body().lines()
                .filter(line -> line.startsWith(metric + "{") || line.startsWith(metric + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
