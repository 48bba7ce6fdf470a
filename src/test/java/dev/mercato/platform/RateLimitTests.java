package dev.mercato.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import dev.mercato.support.Api;
import dev.mercato.support.ApiTest;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 12: 30 wrong passwords in a row were all answered 401 and the right one right after was accepted. */
@TestPropertySource(properties = {
        "mercato.platform.rate-limits.enabled=true",
        "mercato.platform.rate-limits.login.capacity=1000",
        "mercato.platform.rate-limits.register.capacity=8",
        "mercato.platform.rate-limits.register.period=1h"})
class RateLimitTests extends ApiTest {

    @org.springframework.beans.factory.annotation.Autowired
    dev.mercato.customers.internal.Accounts accounts;

    @Test
    void repeatedWrongPasswordsMakeTheGuesserWaitAndRefuseEvenTheRightOne() {
        String email = unique("target") + "@example.com";
        // registered behind the HTTP limits, which the other test here exhausts for this address
        accounts.register(email, "right-password-9", "T", java.util.Optional.empty());

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            statuses.add(api.post("/api/auth/login", Map.of("email", email, "password", "wrong-guess-" + i), null).status());
        }
        assertThat(statuses.subList(0, 5)).as("the first free failures").containsOnly(401);
        assertThat(statuses).contains(429);

        var right = api.post("/api/auth/login", Map.of("email", email, "password", "right-password-9"), null);
        assertThat(right.status()).as("during the wait even the right password is not tried: " + right).isEqualTo(429);
        assertThat(right.header("Retry-After")).isNotBlank();
        assertThat(right.json().get("type").asString()).endsWith("/rate-limited");
        var metrics = api.get("/actuator/prometheus", adminToken());
        assertThat(metrics.body()).contains("rate_limited_total{").contains("route=\"login\"");
    }

    @Test
    void registrationsPerAddressAreLimitedWithRetryAfter() {
        List<Api.Response> answers = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            answers.add(api.post("/api/auth/register",
                    Map.of("email", unique("many") + "@example.com", "password", "tulip-garden-7", "name", "M"), null));
        }
        assertThat(answers).extracting(Api.Response::status).contains(429);
        Api.Response refused = answers.stream().filter(a -> a.status() == 429).findFirst().orElseThrow();
        assertThat(Long.parseLong(refused.header("Retry-After"))).isPositive();
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
    }
}
