package dev.mercato.recommendations.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The steps of one rebuild, each one set-based statement over the published views (design notes
 * below). Every step writes under the build's own id, so a build that dies half-way leaves rows no
 * reader looks at (they are deleted by the next build that finishes), and two nodes running the
 * nightly job at once cannot mix their rows.
 *
 * <p>Design notes. The score of "b for a" is the cosine similarity of the two products' order sets,
 * {@code together(a,b) / sqrt(orders(a) * orders(b))}: raw co-purchase counts would put the shop's
 * best-sellers first on every page (they are in many baskets with everything), and dividing by
 * {@code orders(b)} is what pushes them down. Cosine rather than lift ({@code together * N /
 * (orders(a) * orders(b))}) because lift divides by {@code orders(b)} in full and so ranks a product
 * bought once, with a, as high as anything; cosine divides by its square root only, so a strong
 * pairing still has to be seen more than once to beat a steady one. Ties go to the larger
 * co-purchase count, then to the lower product id, so the ranking is deterministic.
 * Pairs are counted by a self-join of the baskets, one statement per share of the source products
 * ({@code product_id % chunks}), which bounds the working memory of each statement and gives the job
 * its progress; baskets with one product (no pairs) or more than {@code maxBasket} products are left
 * out of the join first (measured: see the README's "Recommendations" section).
 */
@Component
class CoPurchaseBuild {

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    CoPurchaseBuild(JdbcClient jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    long begin(UUID jobId, Instant since, Instant until, Instant now) {
        return jdbc.sql("""
                INSERT INTO recommendation_builds (job_id, since, until, started_at) VALUES (:job, :since, :until, :now)
                RETURNING id""")
                .param("job", jobId).param("since", Timestamp.from(since)).param("until", Timestamp.from(until))
                .param("now", Timestamp.from(now)).query(Long.class).single();
    }

    /** The distinct products of every paid order placed in [since, until); answers how many orders. */
    long collectBaskets(long build, Instant since, Instant until) {
        jdbc.sql("""
                INSERT INTO recommendation_baskets (build_id, order_id, product_id)
                SELECT DISTINCT :build, l.order_id, v.product_id
                FROM paid_order_lines l JOIN searchable_variants v ON v.sku = l.sku
                WHERE l.ordered_at >= :since AND l.ordered_at < :until""")
                .param("build", build).param("since", Timestamp.from(since)).param("until", Timestamp.from(until))
                .update();
        return jdbc.sql("SELECT count(DISTINCT order_id) FROM recommendation_baskets WHERE build_id = :build")
                .param("build", build).query(Long.class).single();
    }

    /**
     * Orders per active product, with whether it can be recommended now (in stock); then drops the
     * baskets that make no pairs worth counting. Answers how many products.
     */
    long countProductOrders(long build, int maxBasket) {
        int products = jdbc.sql("""
                INSERT INTO recommendation_product_orders (build_id, product_id, category_id, orders, sellable)
                SELECT :build, b.product_id, p.category_id, count(*),
                       EXISTS (SELECT 1 FROM searchable_variants v JOIN sellable_stock s ON s.sku = v.sku
                               WHERE v.product_id = b.product_id)
                FROM recommendation_baskets b JOIN searchable_products p ON p.id = b.product_id
                WHERE b.build_id = :build
                GROUP BY b.product_id, p.category_id""")
                .param("build", build).update();
        jdbc.sql("""
                DELETE FROM recommendation_baskets
                WHERE build_id = :build AND order_id IN (SELECT order_id FROM recommendation_baskets WHERE build_id = :build
                                                         GROUP BY order_id HAVING count(*) = 1 OR count(*) > :maxBasket)""")
                .param("build", build).param("maxBasket", maxBasket).update();
        jdbc.sql("ANALYZE recommendation_baskets").update();
        return products;
    }

    /** Ranks the products bought with each source product of this share; answers how many rows it kept. */
    int rankPairs(long build, int chunk, int chunks, int perProduct, int minTogether) {
        return jdbc.sql("""
                INSERT INTO co_purchases (build_id, product_id, rank, recommended_id, together, score)
                SELECT :build, product_id, rank, other_id, together, score
                FROM (SELECT p.product_id, p.other_id, p.together,
                             p.together / sqrt(ca.orders::float8 * cb.orders) AS score,
                             row_number() OVER (PARTITION BY p.product_id
                                 ORDER BY p.together / sqrt(ca.orders::float8 * cb.orders) DESC, p.together DESC, p.other_id) AS rank
                      FROM (SELECT a.product_id, b.product_id AS other_id, count(*) AS together
                            FROM recommendation_baskets a
                                 JOIN recommendation_baskets b ON b.order_id = a.order_id AND b.product_id <> a.product_id
                            WHERE a.build_id = :build AND b.build_id = :build AND a.product_id % :chunks = :chunk
                            GROUP BY a.product_id, b.product_id
                            HAVING count(*) >= :minTogether) p
                           JOIN recommendation_product_orders ca ON ca.build_id = :build AND ca.product_id = p.product_id
                           JOIN recommendation_product_orders cb ON cb.build_id = :build AND cb.product_id = p.other_id
                      WHERE cb.sellable) ranked
                WHERE rank <= :perProduct""")
                .param("build", build).param("chunk", chunk).param("chunks", chunks)
                .param("perProduct", perProduct).param("minTogether", minTogether).update();
    }

    /** Each category's best-selling sellable products, one more than served so a product's own can be left out. */
    void rankBestsellers(long build, int perProduct) {
        jdbc.sql("""
                INSERT INTO category_bestsellers (build_id, category_id, rank, product_id, orders)
                SELECT :build, category_id, rank, product_id, orders
                FROM (SELECT category_id, product_id, orders,
                             row_number() OVER (PARTITION BY category_id ORDER BY orders DESC, product_id) AS rank
                      FROM recommendation_product_orders WHERE build_id = :build AND sellable) ranked
                WHERE rank <= :kept""")
                .param("build", build).param("kept", perProduct + 1).update();
    }

    /**
     * Makes this build the one readers see, unless a later build already is (two nodes ran at once:
     * the later one wins), and deletes the rows of every earlier build. Answers whether it was published.
     */
    boolean publish(long build, long orders, long products, long pairs, Instant now) {
        Boolean published = transactions.execute(tx -> {
            jdbc.sql("UPDATE recommendation_builds SET finished_at = :now, orders = :orders, products = :products, pairs = :pairs WHERE id = :build")
                    .param("now", Timestamp.from(now)).param("orders", orders).param("products", products).param("pairs", pairs)
                    .param("build", build).update();
            boolean later = jdbc.sql("SELECT EXISTS (SELECT 1 FROM recommendation_builds WHERE current AND id > :build)")
                    .param("build", build).query(Boolean.class).single();
            if (later) {
                return false;
            }
            jdbc.sql("UPDATE recommendation_builds SET current = FALSE WHERE current").update();
            jdbc.sql("UPDATE recommendation_builds SET current = TRUE WHERE id = :build").param("build", build).update();
            return true;
        });
        return Boolean.TRUE.equals(published);
    }

    /** Deletes the working set of this build and every row of builds before it. */
    void cleanUp(long build) {
        jdbc.sql("DELETE FROM recommendation_baskets WHERE build_id <= :build").param("build", build).update();
        jdbc.sql("DELETE FROM recommendation_product_orders WHERE build_id < :build").param("build", build).update();
        jdbc.sql("DELETE FROM co_purchases WHERE build_id < :build").param("build", build).update();
        jdbc.sql("DELETE FROM category_bestsellers WHERE build_id < :build").param("build", build).update();
        jdbc.sql("DELETE FROM recommendation_builds WHERE id < :build").param("build", build).update();
    }

    /** Deletes every row of a build that will not be published (it failed, or a later build won). */
    void discard(long build) {
        for (String table : new String[] {"recommendation_baskets", "recommendation_product_orders", "co_purchases", "category_bestsellers"}) {
            jdbc.sql("DELETE FROM " + table + " WHERE build_id = :build").param("build", build).update();
        }
        jdbc.sql("DELETE FROM recommendation_builds WHERE id = :build AND NOT current").param("build", build).update();
    }

    /** When the last build that finished started, for the nightly job to skip a run another node just did. */
    java.util.Optional<Instant> lastFinishedStart() {
        return jdbc.sql("SELECT started_at FROM recommendation_builds WHERE finished_at IS NOT NULL ORDER BY started_at DESC LIMIT 1")
                .query(Timestamp.class).optional().map(Timestamp::toInstant);
    }
}
