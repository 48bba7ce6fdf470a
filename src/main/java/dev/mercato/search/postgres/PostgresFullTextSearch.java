package dev.mercato.search.postgres;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;

import org.springframework.stereotype.Component;

import dev.mercato.catalog.ProductSummary;
import dev.mercato.platform.database.ReplicaReads;
import dev.mercato.platform.database.SlowQueries;
import dev.mercato.search.ProductSearch;
import dev.mercato.search.SearchFacets;
import dev.mercato.search.SearchQuery;
import dev.mercato.search.SearchResult;
import dev.mercato.search.internal.SynonymRules;

/**
 * Product search answered by PostgreSQL full-text search, used when the search index cannot answer.
 * Reads only the read-only views the owning modules publish over their source-of-truth tables
 * (catalog's {@code searchable_*} of V40, with the {@code search_vector} column of V10, and
 * inventory's {@code sellable_stock} of V41 for in-stock), so it needs nothing the index keeps and
 * touches no other module's table.
 *
 * <p>Matches as {@code plainto_tsquery('english', text)} would (every word required, English
 * stemming), a word also matching its configured synonyms; blank text matches every active
 * product. Ranks by {@code ts_rank} (title three times description) times {@link
 * dev.mercato.search.internal.Ranking}'s business boosts, ties by id. Filters as the index does.
 * Answers {@code fallback = true}, engine {@code postgres}, no facets. Thread-safe; one statement
 * per call, whose cost grows with the number of matches (ranking needs all of them). Runs on the read
 * replica when one is configured ({@link ReplicaReads}), so a failing index does not move its load
 * onto the primary; its SQL is timed as {@code search.fallback} ({@link SlowQueries}).
 */
@Component
public class PostgresFullTextSearch {

    public static final String ENGINE = "postgres";

    private final ReplicaReads reads;
    private final Synonyms synonyms;
    private final SlowQueries.SlowQuery timed;

    public PostgresFullTextSearch(ReplicaReads reads, SynonymRules synonyms, SlowQueries slowQueries) {
        this.reads = reads;
        this.synonyms = Synonyms.of(synonyms);
        this.timed = slowQueries.named("search.fallback");
    }

    public SearchResult search(SearchQuery query) {
        FullTextStatement statement = FullTextStatement.of(query, synonyms);
        List<Row> rows = timed.time(statement.sql(), () -> reads.read(jdbc ->
                jdbc.sql(statement.sql()).params(statement.params()).query((rs, n) -> row(rs)).list()));
        long total = rows.isEmpty() ? 0 : rows.getFirst().total();
        List<ProductSummary> items = rows.stream().map(Row::item).filter(Objects::nonNull).toList();
        return new SearchResult(items, total, query.page(), ProductSearch.PAGE_SIZE, SearchFacets.NONE, ENGINE, true);
    }

    private static Row row(ResultSet rs) throws SQLException {
        long total = rs.getLong("total");
        String id = rs.getString("id");
        // the count row comes back alone, without a product, when the page is past the last match
        if (id == null) {
            return new Row(total, null);
        }
        return new Row(total, new ProductSummary(id, rs.getString("slug"), rs.getString("title"), rs.getString("brand"),
                rs.getString("category"), rs.getBigDecimal("price"), rs.getString("currency"), rs.getBigDecimal("rating"),
                rs.getInt("review_count"), rs.getBoolean("in_stock"), rs.getString("image_url")));
    }

    private record Row(long total, ProductSummary item) {
    }
}
