package dev.mercato.search.opensearch;

import java.util.ArrayList;
import java.util.List;

import org.opensearch.client.opensearch._types.mapping.DynamicMapping;
import org.opensearch.client.opensearch._types.mapping.Property;
import org.opensearch.client.opensearch._types.mapping.TypeMapping;
import org.opensearch.client.opensearch.indices.CreateIndexRequest;
import org.opensearch.client.opensearch.indices.IndexSettingsAnalysis;

/**
 * The products index: field names (the snake_case of {@link IndexedProduct}'s components), their
 * types and the analysis. Text is indexed with the built-in {@code english} analyzer and searched
 * with the same chain plus the synonyms: synonyms apply to the shopper's words only, so changing
 * them changes the index settings but no indexed document.
 */
final class IndexMapping {

    static final String ID = "id";
    static final String TITLE = "title";
    static final String DESCRIPTION = "description";
    static final String ALL = "all";
    static final String BRAND = "brand";
    static final String BRAND_KEY = "brand_key";
    static final String CATEGORY_PATHS = "category_paths";
    static final String PRICE = "price";
    static final String RATING = "rating";
    static final String REVIEW_COUNT = "review_count";
    static final String IN_STOCK = "in_stock";
    static final String INDEXED_AT = "indexed_at";

    static final String SYNONYMS_FILTER = "product_synonyms";

    static final String SEARCH_ANALYZER = "english_with_synonyms";

    private static final String INDEX_ANALYZER = "english";

    private IndexMapping() {
    }

    static CreateIndexRequest createIndex(String index, List<String> synonyms) {
        return CreateIndexRequest.of(c -> c.index(index)
                // one shard: BM25 statistics are then those of the whole catalog, so a ranking does
                // not depend on which shard a product landed in; a million products fit one shard
                .settings(s -> s.numberOfShards(1).analysis(analysis(synonyms)))
                .mappings(mappings()));
    }

    /** Changeable on a closed index, which is how {@link IndexSetup} applies edited synonyms. */
    static IndexSettingsAnalysis analysis(List<String> synonyms) {
        // the built-in english analyzer rebuilt filter by filter (as its reference documents it), then
        // the synonyms: OpenSearch reads the rules through the filters before them, so rules and query
        // words meet as stems, and "sofas" finds a couch as "sofa" does
        List<String> filters = new ArrayList<>(List.of("english_possessive_stemmer", "lowercase", "english_stop", "english_stemmer"));
        if (!synonyms.isEmpty()) {
            filters.add(SYNONYMS_FILTER);
        }
        return IndexSettingsAnalysis.of(a -> {
            a.filter("english_possessive_stemmer", f -> f.definition(d -> d.stemmer(st -> st.language("possessive_english"))))
                    .filter("english_stop", f -> f.definition(d -> d.stop(st -> st.stopwords("_english_"))))
                    .filter("english_stemmer", f -> f.definition(d -> d.stemmer(st -> st.language("english"))))
                    .analyzer(SEARCH_ANALYZER, an -> an.custom(cu -> cu.tokenizer("standard").filter(filters)));
            if (!synonyms.isEmpty()) {
                a.filter(SYNONYMS_FILTER, f -> f.definition(d -> d.synonymGraph(sg -> sg.synonyms(synonyms))));
            }
            return a;
        });
    }

    private static TypeMapping mappings() {
        // strict: a field written under a wrong name fails the write instead of silently going unsearched
        return TypeMapping.of(m -> m.dynamic(DynamicMapping.Strict)
                .properties(ID, Property.of(p -> p.long_(l -> l)))
                .properties("slug", stored())
                .properties(TITLE, searchedText())
                .properties(DESCRIPTION, searchedText())
                .properties(ALL, Property.of(p -> p.text(t -> t.analyzer(INDEX_ANALYZER).searchAnalyzer(SEARCH_ANALYZER))))
                .properties(BRAND, Property.of(p -> p.keyword(k -> k.copyTo(ALL))))
                .properties("brand_slug", stored())
                .properties(BRAND_KEY, Property.of(p -> p.keyword(k -> k)))
                .properties("category", Property.of(p -> p.keyword(k -> k.index(false).docValues(false).copyTo(ALL))))
                .properties(CATEGORY_PATHS, Property.of(p -> p.keyword(k -> k)))
                .properties(PRICE, Property.of(p -> p.long_(l -> l)))
                .properties("currency", stored())
                .properties(RATING, Property.of(p -> p.float_(f -> f)))
                .properties(REVIEW_COUNT, Property.of(p -> p.integer(i -> i)))
                .properties(IN_STOCK, Property.of(p -> p.boolean_(b -> b)))
                .properties("image_url", stored())
                .properties(INDEXED_AT, Property.of(p -> p.dateNanos(d -> d))));
    }

    private static Property searchedText() {
        return Property.of(p -> p.text(t -> t.analyzer(INDEX_ANALYZER).searchAnalyzer(SEARCH_ANALYZER).copyTo(ALL)));
    }

    /** Kept in {@code _source} to rebuild the result line, never searched. */
    private static Property stored() {
        return Property.of(p -> p.keyword(k -> k.index(false).docValues(false)));
    }
}
