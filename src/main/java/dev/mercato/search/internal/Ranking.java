package dev.mercato.search.internal;

/**
 * The business boosts every engine multiplies the text score by (Lucene computes it here, the
 * OpenSearch and PostgreSQL engines repeat the same formula in their query language).
 *
 * <p>Design notes: DESIGN.md asks for in-stock x2, rating (sqrt) x1.2 and review count (log1p)
 * x1.1. We read the last two as the size of the nudge, shaped by the named function: a 5-star
 * product gets x1.2 (sqrt, so the first stars matter most), a product with 1,000 reviews about x1.1
 * (log1p, so the thousandth review matters little). Multiplying raw {@code log1p(reviews)} into the
 * score, as a literal function_score would, lets a popular product that only mentions a word in its
 * description outrank the product named by the query; shoppers read that as a broken search.
 */
public final class Ranking {

    static final double IN_STOCK = 2.0;
    static final double RATING_WEIGHT = 0.2;
    static final double REVIEWS_WEIGHT = 0.1;
    private static final double SQRT_MAX_RATING = Math.sqrt(5);
    private static final double LOG1P_REVIEWS_SCALE = Math.log1p(1000);

    public static double businessBoost(boolean inStock, double rating, int reviewCount) {
        return (inStock ? IN_STOCK : 1.0)
                * (1 + RATING_WEIGHT * Math.sqrt(Math.max(0, rating)) / SQRT_MAX_RATING)
                * (1 + REVIEWS_WEIGHT * Math.log1p(Math.max(0, reviewCount)) / LOG1P_REVIEWS_SCALE);
    }

    /** The same formula as SQL over columns, for the PostgreSQL engine. */
    public static String sql(String inStock, String rating, String reviewCount) {
        return "(CASE WHEN %s THEN %s ELSE 1.0 END) * (1 + %s * sqrt(greatest(coalesce(%s, 0), 0)) / %s) * (1 + %s * ln(1 + greatest(%s, 0)) / %s)"
                .formatted(inStock, IN_STOCK, RATING_WEIGHT, rating, SQRT_MAX_RATING, REVIEWS_WEIGHT, reviewCount, LOG1P_REVIEWS_SCALE);
    }

    /** The same formula as a Painless script over doc values, for the OpenSearch engine. */
    public static String painless(String inStock, String rating, String reviewCount) {
        return ("(doc['%s'].value ? %s : 1.0) * (1 + %s * Math.sqrt(Math.max(0, doc['%s'].size() == 0 ? 0 : doc['%s'].value)) / %s)"
                + " * (1 + %s * Math.log(1 + Math.max(0, doc['%s'].value)) / %s)")
                .formatted(inStock, IN_STOCK, RATING_WEIGHT, rating, rating, SQRT_MAX_RATING, REVIEWS_WEIGHT, reviewCount, LOG1P_REVIEWS_SCALE);
    }

    private Ranking() {
    }
}
