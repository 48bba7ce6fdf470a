package dev.mercato.recommendations.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param rebuildCron   when the nightly rebuild runs (Spring cron, six fields, server time zone);
 *                      {@code -} turns the schedule off (the admin route still rebuilds)
 * @param window        how far back paid orders are read
 * @param perProduct    recommendations kept per product
 * @param minTogether   least number of orders two products must share to be recommended together
 * @param maxBasket     orders with more distinct products than this are left out of the pairs (a
 *                      wholesale order of 300 products says little about any two of them, and
 *                      costs 300 x 299 pairs); they still count as orders of each product
 * @param chunks        the pair count runs as this many statements, each over a share of the
 *                      products, so its progress can be reported and no one statement holds all pairs
 */
@ConfigurationProperties("mercato.recommendations")
record RecommendationSettings(
        @DefaultValue("0 30 2 * * *") String rebuildCron,
        @DefaultValue("90d") Duration window,
        @DefaultValue("20") int perProduct,
        @DefaultValue("1") int minTogether,
        @DefaultValue("50") int maxBasket,
        @DefaultValue("16") int chunks) {

    RecommendationSettings {
        if (perProduct < 1 || minTogether < 1 || maxBasket < 2 || chunks < 1) {
            throw new IllegalArgumentException("mercato.recommendations: per-product, min-together and chunks must be >= 1, max-basket >= 2");
        }
    }

    private static final String BEAN = "beanFactory.getBean(T(dev.mercato.recommendations.internal.RecommendationSettings))";
    static final String REBUILD_CRON = "#{" + BEAN + ".rebuildCron()}";
}
