package dev.mercato.search.opensearch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.opensearch.client.json.JsonData;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.Conflicts;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch._types.Refresh;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.DeleteByQueryResponse;
import org.opensearch.client.opensearch.core.bulk.BulkOperation;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import dev.mercato.search.SearchQuery;
import dev.mercato.search.SearchResult;
import dev.mercato.search.internal.ProductDocument;
import dev.mercato.search.internal.ProductIndex;
import dev.mercato.search.internal.SearchSettings;
import dev.mercato.search.internal.SynonymRules;

/**
 * {@link ProductIndex} on an OpenSearch cluster, through the official Java client. Sets its index up
 * (see {@link IndexSetup}) on first use rather than when constructed, so creating the bean never
 * needs the cluster.
 *
 * <p>A bulk request answers once its changes are durable (the translog is synced first). Visibility:
 * each {@link #upsert} and {@link #delete} asks for a refresh rather than {@code refresh=wait_for},
 * which would hold every event-driven write until the next scheduled refresh (up to a second); a
 * {@link #bulk()} write skips refreshes and refreshes once when it is closed.
 */
@Component
@ConditionalOnProperty(name = "mercato.search.engine", havingValue = "opensearch")
public final class OpenSearchProductIndex implements ProductIndex, AutoCloseable {

    private final OpenSearchClient client;
    private final OpenSearchClient writer;
    private final String index;
    private final IndexSetup setup;
    private final Clock clock;

    public OpenSearchProductIndex(SearchSettings settings, SynonymRules synonyms, Clock clock) {
        this.client = Connections.connect(settings.opensearch());
        this.writer = Connections.forWrites(client);
        this.index = settings.opensearch().index();
        this.setup = new IndexSetup(writer, index, synonyms.solrLines());
        this.clock = clock;
    }

    @Override
    public String engine() {
        return "opensearch";
    }

    @Override
    public void upsert(List<ProductDocument> documents) {
        write(indexOperations(documents), Refresh.True);
    }

    @Override
    public void delete(Collection<Long> productIds) {
        write(productIds.stream().map(id -> BulkOperation.of(b -> b.delete(d -> d.id(Long.toString(id))))).toList(), Refresh.True);
    }

    @Override
    public BulkWrite bulk() {
        return new BulkWrite() {
            @Override
            public void add(List<ProductDocument> documents) {
                write(indexOperations(documents), Refresh.False);
            }

            @Override
            public void close() {
                call(() -> writer.indices().refresh(r -> r.index(index)));
            }
        };
    }

    @Override
    public void deleteIndexedBefore(Instant cutoff) {
        DeleteByQueryResponse response = call(() -> writer.deleteByQuery(d -> d.index(index)
                .query(q -> q.range(r -> r.field(IndexMapping.INDEXED_AT).lt(JsonData.of(cutoff.toString()))))
                // a document rewritten while this runs was indexed after the cutoff: skipping it is right
                .conflicts(Conflicts.Proceed)
                .refresh(Refresh.True)));
        if (!response.failures().isEmpty()) {
            throw new IllegalStateException("deleting documents indexed before " + cutoff + " from " + index + " failed: "
                    + response.failures().getFirst().cause().reason());
        }
    }

    @Override
    public SearchResult query(SearchQuery query) {
        return SearchResults.of(query, call(() -> client.search(SearchRequests.of(index, query), IndexedProduct.class)), engine());
    }

    @Override
    public long count() {
        return call(() -> client.count(c -> c.index(index))).count();
    }

    @Override
    public void close() throws IOException {
        client._transport().close();
    }

    private List<BulkOperation> indexOperations(List<ProductDocument> documents) {
        Instant indexedAt = clock.instant();
        return documents.stream()
                .map(document -> BulkOperation.of(b -> b.index(i -> i.id(Long.toString(document.id())).document(IndexedProduct.of(document, indexedAt)))))
                .toList();
    }

    private void write(List<BulkOperation> operations, Refresh refresh) {
        if (operations.isEmpty()) {
            return;
        }
        BulkResponse response = call(() -> writer.bulk(b -> b.index(index).refresh(refresh).operations(operations)));
        if (response.errors()) {
            BulkResponseItem failed = response.items().stream().filter(item -> item.error() != null).findFirst().orElseThrow();
            throw new IllegalStateException("writing product " + failed.id() + " to " + index + " failed: " + failed.error().reason());
        }
    }

    private <T> T call(Request<T> request) {
        setup.ensure();
        try {
            return request.send();
        } catch (OpenSearchException e) {
            if ("index_not_found_exception".equals(e.error().type())) {
                setup.forget();
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FunctionalInterface
    private interface Request<T> {
        T send() throws IOException;
    }
}
