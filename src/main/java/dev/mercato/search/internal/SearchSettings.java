package dev.mercato.search.internal;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.io.Resource;

/**
 * @param engine         {@code lucene} (in-process, default) or {@code opensearch}
 * @param synonyms       Solr-format synonym lines ({@code sofa, couch}), applied at query time
 * @param reindexBatch   products read and written per step of a full reindex
 * @param reconcileEvery how often database and index counts are compared
 */
@ConfigurationProperties("mercato.search")
public record SearchSettings(
        @DefaultValue("lucene") String engine,
        @DefaultValue("classpath:search/synonyms.txt") Resource synonyms,
        @DefaultValue Lucene lucene,
        @DefaultValue OpenSearch opensearch,
        @DefaultValue Breaker breaker,
        @DefaultValue("2000") int reindexBatch,
        @DefaultValue("5m") Duration reconcileEvery) {

    /** {@link #reconcileEvery()} for a {@code @Scheduled} annotation, read from this bean. */
    static final String RECONCILE_EVERY = "#{beanFactory.getBean(T(dev.mercato.search.internal.SearchSettings)).reconcileEvery()}";

    /**
     * @param directory         where the index lives; kept across restarts
     * @param concurrentQueries queries searching the index at once, the rest wait their turn in
     *                          arrival order; 0 means one per processor
     * @param commitInterval    least time between the starts of two commits; writes meanwhile wait
     *                          and share the next one, so this is also how stale a search can be
     */
    public record Lucene(@DefaultValue("./data/search") Path directory, @DefaultValue("0") int concurrentQueries,
            @DefaultValue("1s") Duration commitInterval) {

        public int concurrentQueriesOrProcessors() {
            return concurrentQueries > 0 ? concurrentQueries : Runtime.getRuntime().availableProcessors();
        }
    }

    /**
     * @param url   base URL of the cluster, e.g. http://search:9200
     * @param index name of the products index (created with its mapping when missing)
     */
    public record OpenSearch(
            @DefaultValue("http://localhost:9200") String url,
            @DefaultValue("mercato-products") String index,
            String username,
            String password,
            @DefaultValue("2s") Duration timeout) {
    }

    /**
     * Opens after {@code failures} consecutive failed queries, lets a query through after
     * {@code openFor}, and closes again after {@code halfOpenSuccesses} successes in a row.
     */
    public record Breaker(
            @DefaultValue("3") int failures,
            @DefaultValue("10s") Duration openFor,
            @DefaultValue("2") int halfOpenSuccesses) {
    }
}
