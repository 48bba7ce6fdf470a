package dev.mercato.search.lucene;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Semaphore;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.document.LongField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import dev.mercato.catalog.ProductSummary;
import dev.mercato.search.ProductSearch;
import dev.mercato.search.SearchFacets;
import dev.mercato.search.SearchQuery;
import dev.mercato.search.SearchResult;
import dev.mercato.search.internal.ProductDocument;
import dev.mercato.search.internal.ProductIndex;
import dev.mercato.search.internal.SearchSettings;
import dev.mercato.search.internal.SynonymRules;

/**
 * The in-process engine: a Lucene index on local disk ({@code mercato.search.lucene.directory}),
 * kept across restarts. One IndexWriter for the process (Lucene's write lock stops a second process
 * from opening the same directory); readers are near-real-time searchers refreshed with each commit.
 * Every write is committed before it returns, so an event marked delivered is never lost in a crash;
 * concurrent writes share their commits ({@link GroupCommit}).
 */
@Component
@ConditionalOnProperty(name = "mercato.search.engine", havingValue = "lucene", matchIfMissing = true)
public class LuceneProductIndex implements ProductIndex, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(LuceneProductIndex.class);
    /** Deep pages cost a larger top-k heap; search pages stop here (the web layer enforces it). */
    static final int MAX_PAGE = 500;

    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final SegmentColumnsCache columns;
    /**
     * A search is pure CPU work. Past one per processor, more at once only share the processors:
     * every query, the long ones too, then takes as many times longer as there are queries per
     * processor. Queueing the rest in arrival order lets each run at full speed once started.
     */
    private final Semaphore turns;
    private final LuceneQueries queries;
    private final GroupCommit commits;
    private final Clock clock;

    public LuceneProductIndex(SearchSettings settings, SynonymRules synonyms, Clock clock) throws IOException {
        this.clock = clock;
        Files.createDirectories(settings.lucene().directory());
        this.directory = FSDirectory.open(settings.lucene().directory());
        Analyzer english = LuceneAnalyzers.index();
        var config = new IndexWriterConfig(new PerFieldAnalyzerWrapper(english))
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                .setRAMBufferSizeMB(64);
        this.writer = new IndexWriter(directory, config);
        this.columns = new SegmentColumnsCache();
        this.turns = new Semaphore(settings.lucene().concurrentQueriesOrProcessors(), true);
        this.searchers = new SearcherManager(writer, columns);
        this.commits = new GroupCommit(settings.lucene().commitInterval(), () -> {
            writer.commit();
            searchers.maybeRefreshBlocking();
        });
        this.queries = new LuceneQueries(LuceneAnalyzers.query(synonyms));
        log.info("search index opened engine=lucene directory={} documents={}", settings.lucene().directory().toAbsolutePath(), count());
    }

    @Override
    public String engine() {
        return "lucene";
    }

    @Override
    public void upsert(List<ProductDocument> documents) {
        Instant now = clock.instant();
        write(() -> {
            for (ProductDocument document : documents) {
                writer.updateDocument(LuceneDocuments.idTerm(document.id()), LuceneDocuments.toLucene(document, now));
            }
        });
    }

    /** Adds without committing; one commit and one reader refresh at close. */
    @Override
    public BulkWrite bulk() {
        Instant now = clock.instant();
        return new BulkWrite() {
            @Override
            public void add(List<ProductDocument> documents) {
                try {
                    for (ProductDocument document : documents) {
                        writer.updateDocument(LuceneDocuments.idTerm(document.id()), LuceneDocuments.toLucene(document, now));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public void close() {
                write(() -> {
                });
            }
        };
    }

    @Override
    public void delete(Collection<Long> productIds) {
        write(() -> writer.deleteDocuments(productIds.stream().map(LuceneDocuments::idTerm).toArray(Term[]::new)));
    }

    @Override
    public void deleteIndexedBefore(Instant cutoff) {
        write(() -> writer.deleteDocuments(LongField.newRangeQuery(LuceneDocuments.INDEXED_AT, Long.MIN_VALUE, cutoff.toEpochMilli() - 1)));
    }

    @Override
    public SearchResult query(SearchQuery query) {
        if (query.page() >= MAX_PAGE) {
            throw new IllegalArgumentException("page must be below " + MAX_PAGE);
        }
        try {
            turns.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to search", e);
        }
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                return query(searcher, query);
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            turns.release();
        }
    }

    private SearchResult query(IndexSearcher searcher, SearchQuery query) throws IOException {
        int wanted = (query.page() + 1) * ProductSearch.PAGE_SIZE;
        var ceilings = ScoreCeilings.Source.of(searcher, queries.ceiling(query));
        FacetsAndTopHits.Result result = searcher.search(queries.query(query), new FacetsAndTopHits(columns, true, wanted, ceilings));
        var brands = result;
        if (!query.brands().isEmpty()) {
            brands = searcher.search(queries.withoutBrandFilter(query), new FacetsAndTopHits(columns, false, 0, null));
        }
        TopHits.Hit[] hits = result.best();
        int[] page = java.util.Arrays.stream(hits).skip((long) query.page() * ProductSearch.PAGE_SIZE).mapToInt(TopHits.Hit::doc).toArray();
        List<ProductSummary> items = columns.summaries(searcher, page);
        var counts = new SearchFacets(result.categoryCounts(), brands.brandCounts(), result.priceRangeCounts());
        return new SearchResult(items, result.matches(), query.page(), ProductSearch.PAGE_SIZE, counts, engine(), false);
    }

    @Override
    public long count() {
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                return searcher.getIndexReader().numDocs();
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(IndexWork work) {
        try {
            work.run();
            commits.awaitCommitted();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void destroy() throws IOException {
        searchers.close();
        writer.close();
        directory.close();
    }

    @FunctionalInterface
    private interface IndexWork {
        void run() throws IOException;
    }
}
