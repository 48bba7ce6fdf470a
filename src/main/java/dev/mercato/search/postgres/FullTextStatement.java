package dev.mercato.search.postgres;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.mercato.search.ProductSearch;
import dev.mercato.search.SearchQuery;
import dev.mercato.search.internal.Ranking;

/**
 * The single statement behind one PostgreSQL search, and its parameters. Shopper input only ever
 * travels as a bound parameter: the SQL text depends on which filters are set and how many words
 * and synonyms there are, never on the text of any of them.
 *
 * <p>The statement ranks every match in a materialised CTE (ranking needs all of them), then counts
 * them and joins the display columns for one page only. Counting and paging in one statement means
 * a page past the end still learns the total: the count row is there even when no item is.
 */
record FullTextStatement(String sql, Map<String, Object> params) {

    /** Words beyond this go to PostgreSQL as one plainto_tsquery without synonyms: all still required, the statement stays bounded. */
    static final int MAX_EXPANDED_WORDS = 32;

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    // ts_rank weights in PostgreSQL's order {D, C, B, A}: a title (A) word counts three times a description (B) word
    private static final String WEIGHTS = "'{0, 0, 0.33333334, 1}'";

    // Reads only views other modules publish for it (catalog's V40 searchable_*, inventory's V41
    // sellable_stock), never their tables: the fallback runs exactly when the index (which normally
    // carries in-stock) is down, so it must answer from the source of truth, and a call per product
    // through Inventory would not scale. The views are plain, so the planner inlines them.
    private static final String TEMPLATE = """
            WITH matches AS MATERIALIZED (
                SELECT p.id, st.sellable IS NOT NULL AS in_stock, %s * %s AS score
                FROM searchable_products p %s
                LEFT JOIN LATERAL (SELECT TRUE AS sellable FROM searchable_variants sv JOIN sellable_stock s ON s.sku = sv.sku
                                   WHERE sv.product_id = p.id LIMIT 1) st ON TRUE
                %s
                %s
            )
            SELECT t.total, m.id, m.in_stock, p.slug, p.title, b.name AS brand, c.path AS category, p.rating,
                   p.review_count, p.image_url, v.price, v.currency
            FROM (SELECT count(*) AS total FROM matches) t
            LEFT JOIN (SELECT id, in_stock, score FROM matches
                       ORDER BY score DESC, id LIMIT :limit OFFSET :offset) m ON TRUE
            LEFT JOIN searchable_products p ON p.id = m.id
            LEFT JOIN searchable_brands b ON b.id = p.brand_id
            LEFT JOIN searchable_categories c ON c.id = p.category_id
            LEFT JOIN LATERAL (SELECT price, currency FROM searchable_variants
                               WHERE product_id = p.id ORDER BY price LIMIT 1) v ON TRUE
            ORDER BY m.score DESC, m.id""";

    static FullTextStatement of(SearchQuery query, Synonyms synonyms) {
        Map<String, Object> params = new HashMap<>();
        params.put("limit", ProductSearch.PAGE_SIZE);
        params.put("offset", (long) query.page() * ProductSearch.PAGE_SIZE);
        List<String> where = new ArrayList<>();
        String textJoin = "";
        String textRank = "1.0";
        if (query.hasText()) {
            textJoin = "CROSS JOIN (SELECT " + tsquery(query.text(), synonyms, params) + " AS query) q";
            textRank = "ts_rank(" + WEIGHTS + ", p.search_vector, q.query)";
            where.add("p.search_vector @@ q.query");
        }
        String priceJoin = filters(query, where, params);
        String boost = Ranking.sql("st.sellable IS NOT NULL", "p.rating", "p.review_count");
        String condition = where.isEmpty() ? "" : "WHERE " + String.join(" AND ", where);
        return new FullTextStatement(TEMPLATE.formatted(textRank, boost, textJoin, priceJoin, condition), Map.copyOf(params));
    }

    /** Appends the conditions of the filters that are set; answers the join the price filter needs, if any. */
    private static String filters(SearchQuery query, List<String> where, Map<String, Object> params) {
        if (query.categoryPath() != null) {
            where.add("p.category_id IN (SELECT id FROM searchable_categories WHERE path = :category OR path LIKE :categoryPrefix ESCAPE '\\')");
            params.put("category", bindable(query.categoryPath()));
            params.put("categoryPrefix", escapeLike(bindable(query.categoryPath())) + "/%");
        }
        if (!query.brands().isEmpty()) {
            where.add("p.brand_id IN (SELECT b.id FROM searchable_brands b, unnest(CAST(:brands AS text[])) wanted(brand)"
                    + " WHERE lower(b.name) = lower(wanted.brand) OR b.slug = lower(wanted.brand))");
            params.put("brands", query.brands().stream().map(FullTextStatement::bindable).toArray(String[]::new));
        }
        if (query.minRating() != null) {
            where.add("p.rating >= :minRating");
            params.put("minRating", query.minRating());
        }
        if (query.inStockOnly()) {
            where.add("st.sellable");
        }
        if (query.minPrice() == null && query.maxPrice() == null) {
            return "";
        }
        if (query.minPrice() != null) {
            where.add("lp.lowest >= :minPrice");
            params.put("minPrice", query.minPrice());
        }
        if (query.maxPrice() != null) {
            where.add("lp.lowest <= :maxPrice");
            params.put("maxPrice", query.maxPrice());
        }
        return "JOIN LATERAL (SELECT min(price) AS lowest FROM searchable_variants WHERE product_id = p.id) lp ON TRUE";
    }

    /**
     * plainto_tsquery per word, its synonyms OR-ed in, the words AND-ed: the same as plainto_tsquery
     * over the whole text when no word has synonyms. A word PostgreSQL finds no lexeme in (a stop
     * word, punctuation) gives an empty tsquery, which {@code ||} and {@code &&} drop, as plainto does.
     */
    private static String tsquery(String text, Synonyms synonyms, Map<String, Object> params) {
        List<String> words = Arrays.asList(WHITESPACE.split(text));
        int expanded = Math.min(words.size(), MAX_EXPANDED_WORDS);
        List<List<String>> groups = new ArrayList<>(synonyms.expand(words.subList(0, expanded)));
        if (expanded < words.size()) {
            groups.add(List.of(String.join(" ", words.subList(expanded, words.size()))));
        }
        List<String> and = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            List<String> or = new ArrayList<>();
            for (int a = 0; a < groups.get(g).size(); a++) {
                String name = "w" + g + "_" + a;
                params.put(name, bindable(groups.get(g).get(a)));
                or.add("plainto_tsquery('english', :" + name + ")");
            }
            and.add("(" + String.join(" || ", or) + ")");
        }
        return String.join(" && ", and);
    }

    // PostgreSQL text cannot hold NUL; a shopper's %00 must not turn a search into an error
    private static String bindable(String text) {
        return text.replace('\0', ' ');
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
