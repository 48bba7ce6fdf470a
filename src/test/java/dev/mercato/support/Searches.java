package dev.mercato.support;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Searches the way a storefront does, and waits for the index to catch up with a change. */
public final class Searches {

    public static final Duration INDEXED_WITHIN = Duration.ofSeconds(20);

    private final Api api;

    public Searches(Api api) {
        this.api = api;
    }

    public JsonNode search(String query) {
        var response = api.get("/api/search?" + query, null);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    /** Waits until {@code word} finds exactly one product that satisfies {@code condition}; answers its result line. */
    public JsonNode awaitOne(String word, Predicate<JsonNode> condition) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(INDEXED_WITHIN).until(() -> {
            JsonNode result = search("q=" + word);
            found[0] = result.get("total").asLong() == 1 ? result.get("items").get(0) : null;
            return found[0] != null && condition.test(found[0]);
        });
        return found[0];
    }

    /** A made-up word no other test's product contains, so a query for it finds only the caller's products. */
    public static String word() {
        var random = ThreadLocalRandom.current();
        var word = new StringBuilder("Zq");
        for (int i = 0; i < 8; i++) {
            word.append((char) ('a' + random.nextInt(26)));
        }
        return word.toString();
    }
}
