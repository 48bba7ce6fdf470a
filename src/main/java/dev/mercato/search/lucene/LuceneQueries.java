package dev.mercato.search.lucene;

import java.math.RoundingMode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.IntField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.QueryBuilder;

import dev.mercato.search.SearchQuery;

import static dev.mercato.search.lucene.LuceneDocuments.ALL;
import static dev.mercato.search.lucene.LuceneDocuments.BRAND_KEY;
import static dev.mercato.search.lucene.LuceneDocuments.CATEGORY_PATHS;
import static dev.mercato.search.lucene.LuceneDocuments.DESCRIPTION;
import static dev.mercato.search.lucene.LuceneDocuments.IN_STOCK;
import static dev.mercato.search.lucene.LuceneDocuments.PRICE_CENTS;
import static dev.mercato.search.lucene.LuceneDocuments.RATING_TENTHS;
import static dev.mercato.search.lucene.LuceneDocuments.TITLE;

/**
 * Turns a shopper's query into Lucene queries. The words must all match in the catch-all field
 * (each word or one of its synonyms); the score is BM25 of title (x3) plus description, plus a small
 * constant for matching at all, so a match on brand or category alone still ranks. The business
 * boost multiplies it while the hits are collected ({@link FacetsAndTopHits}).
 */
final class LuceneQueries {

    private static final float TITLE_BOOST = 3f;
    private static final float ALL_BOOST = 0.3f;

    private final QueryBuilder builder;

    LuceneQueries(Analyzer queryAnalyzer) {
        this.builder = new QueryBuilder(queryAnalyzer);
    }

    /** The full query: text and every filter. */
    Query query(SearchQuery query) {
        return build(query, true);
    }

    /** The query the brand facet is counted on: every filter but the brand, so other brands still count. */
    Query withoutBrandFilter(SearchQuery query) {
        return build(query, false);
    }

    /**
     * The most a match of {@link #query} can score, as what every match scores plus the title and
     * description clauses (filters score nothing). Kept apart from the query so that ceilings are read
     * from those postings alone, without building the filters and the catch-all a second time.
     *
     * @param constant what every match scores: the catch-all's share, or 1 when the query has no words
     * @param varying  the title and description clauses; null when the text adds nothing to the constant
     */
    record TextCeiling(float constant, Query varying) {
    }

    TextCeiling ceiling(SearchQuery query) {
        String text = query.text();
        if (text.isEmpty() || builder.createBooleanQuery(ALL, text, Occur.MUST) == null) {
            return new TextCeiling(1f, null);
        }
        var varying = new BooleanQuery.Builder();
        scoredClauses(text).forEach(clause -> varying.add(clause, Occur.SHOULD));
        return new TextCeiling(ALL_BOOST, varying.build());
    }

    private Query build(SearchQuery query, boolean brandFilter) {
        var bool = new BooleanQuery.Builder();
        Query text = text(query.text());
        bool.add(text, Occur.MUST);
        if (query.categoryPath() != null) {
            bool.add(new TermQuery(new Term(CATEGORY_PATHS, query.categoryPath())), Occur.FILTER);
        }
        if (brandFilter && !query.brands().isEmpty()) {
            var brands = new BooleanQuery.Builder();
            query.brands().forEach(b -> brands.add(new TermQuery(new Term(BRAND_KEY, b.toLowerCase(Locale.ROOT))), Occur.SHOULD));
            bool.add(brands.build(), Occur.FILTER);
        }
        if (query.minPrice() != null || query.maxPrice() != null) {
            bool.add(LongField.newRangeQuery(PRICE_CENTS,
                    query.minPrice() == null ? Long.MIN_VALUE : ceilCents(query.minPrice()),
                    query.maxPrice() == null ? Long.MAX_VALUE : floorCents(query.maxPrice())), Occur.FILTER);
        }
        if (query.minRating() != null) {
            bool.add(IntField.newRangeQuery(RATING_TENTHS, ceilTenths(query.minRating()), Integer.MAX_VALUE), Occur.FILTER);
        }
        if (query.inStockOnly()) {
            bool.add(IntField.newExactQuery(IN_STOCK, 1), Occur.FILTER);
        }
        return bool.build();
    }

    private Query text(String text) {
        Query required = text.isEmpty() ? null : builder.createBooleanQuery(ALL, text, Occur.MUST);
        if (required == null) {
            // blank, or only stop words: everything matches and the business boost alone orders it
            return new MatchAllDocsQuery();
        }
        // the catch-all decides what matches; its share of the score is a constant (it is long and mixes
        // every field, so its BM25 says little, and computing it for each match cost a third of a query)
        var scored = new BooleanQuery.Builder().add(new BoostQuery(new ConstantScoreQuery(required), ALL_BOOST), Occur.MUST);
        scoredClauses(text).forEach(clause -> scored.add(clause, Occur.SHOULD));
        return scored.build();
    }

    /** Title (x3) and description: the part of the score that differs from match to match. */
    private List<Query> scoredClauses(String text) {
        List<Query> clauses = new ArrayList<>(2);
        Query title = builder.createBooleanQuery(TITLE, text, Occur.SHOULD);
        if (title != null) {
            clauses.add(new BoostQuery(title, TITLE_BOOST));
        }
        Query description = builder.createBooleanQuery(DESCRIPTION, text, Occur.SHOULD);
        if (description != null) {
            clauses.add(description);
        }
        return clauses;
    }

    private static long ceilCents(BigDecimal amount) {
        return amount.movePointRight(2).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    private static long floorCents(BigDecimal amount) {
        return amount.movePointRight(2).setScale(0, RoundingMode.FLOOR).longValueExact();
    }

    private static int ceilTenths(BigDecimal rating) {
        return rating.movePointRight(1).setScale(0, RoundingMode.CEILING).intValueExact();
    }
}
