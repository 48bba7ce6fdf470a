package dev.mercato.support;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads {@code /actuator/prometheus} the way a scraper would: with an admin's bearer token, since
 * metrics are not public.
 */
public final class Prometheus {

    private final Api api;
    private String adminToken;

    public Prometheus(Api api) {
        this.api = api;
    }

    /** The whole exposition text. */
    public String scrape() {
        var scrape = api.get("/actuator/prometheus", adminToken());
        assertThat(scrape.status()).as(scrape.toString()).isEqualTo(200);
        return scrape.body();
    }

    /** The sum of every series of the metric (all tag combinations); 0 when it has not been exported yet. */
    public double value(String metric) {
        return scrape().lines()
                .filter(line -> line.startsWith(metric + "{") || line.startsWith(metric + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private String adminToken() {
        if (adminToken == null) {
            var login = api.post("/api/auth/login",
                    Map.of("email", ApiTest.ADMIN_EMAIL, "password", ApiTest.ADMIN_PASSWORD), null);
            assertThat(login.status()).as(login.toString()).isEqualTo(200);
            adminToken = login.json().get("token").asString();
        }
        return adminToken;
    }
}
