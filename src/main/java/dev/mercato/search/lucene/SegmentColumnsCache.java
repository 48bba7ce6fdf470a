package dev.mercato.search.lucene;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherFactory;

import dev.mercato.catalog.ProductSummary;

/**
 * {@link SegmentColumns} per segment, shared by every reader that sees the segment and dropped when
 * the segment's core closes (after a merge). Keyed by the core, not the reader: a near-real-time
 * refresh reopens readers all the time but keeps the unchanged segments, whose columns stay valid
 * because documents are only ever replaced whole, never updated in place.
 *
 * <p>As a {@link SearcherFactory} it loads the columns of new segments when a refresh opens them,
 * so the writer's thread pays for it rather than the first shopper to search.
 */
final class SegmentColumnsCache extends SearcherFactory {

    /** Result lines shown recently; the best products of a catalog appear on many result pages. */
    private static final int SUMMARIES = 50_000;

    private final ConcurrentHashMap<IndexReader.CacheKey, SegmentColumns> columns = new ConcurrentHashMap<>();
    // a stored document is read by decompressing its whole block, which cost more than the search for small result sets
    private final Cache<SummaryKey, ProductSummary> summaries = Caffeine.newBuilder().maximumSize(SUMMARIES).build();

    private record SummaryKey(IndexReader.CacheKey core, int doc) {
    }

    SegmentColumns of(LeafReaderContext context) {
        LeafReader reader = context.reader();
        IndexReader.CacheHelper core = reader.getCoreCacheHelper();
        if (core == null) {
            return read(reader);
        }
        return columns.computeIfAbsent(core.getKey(), key -> {
            core.addClosedListener(columns::remove);
            return read(reader);
        });
    }

    /**
     * The result lines of documents (top-level doc ids), in the order given, from the stored fields
     * the first time. One stored-fields reader per segment for the whole page: each reader allocates
     * its own decompression buffers, and one per line cost more memory churn than the search itself.
     */
    List<ProductSummary> summaries(IndexSearcher searcher, int[] docs) throws IOException {
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        StoredFields[] readers = new StoredFields[leaves.size()];
        List<ProductSummary> lines = new ArrayList<>(docs.length);
        for (int doc : docs) {
            int at = ReaderUtil.subIndex(doc, leaves);
            LeafReaderContext leaf = leaves.get(at);
            int leafDoc = doc - leaf.docBase;
            IndexReader.CacheHelper core = leaf.reader().getCoreCacheHelper();
            SummaryKey key = core == null ? null : new SummaryKey(core.getKey(), leafDoc);
            ProductSummary summary = key == null ? null : summaries.getIfPresent(key);
            if (summary == null) {
                if (readers[at] == null) {
                    readers[at] = leaf.reader().storedFields();
                }
                summary = LuceneDocuments.summary(readers[at], leafDoc);
                if (key != null) {
                    summaries.put(key, summary);
                }
            }
            lines.add(summary);
        }
        return lines;
    }

    @Override
    public IndexSearcher newSearcher(IndexReader reader, IndexReader previousReader) throws IOException {
        reader.leaves().forEach(this::of);
        return super.newSearcher(reader, previousReader);
    }

    private static SegmentColumns read(LeafReader reader) {
        try {
            return SegmentColumns.read(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
