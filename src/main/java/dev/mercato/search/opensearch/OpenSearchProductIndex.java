package dev.mercato.search.opensearch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import org.opensearch.client.json.JsonData;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.Conflicts;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch._types.Refresh;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.DeleteByQueryResponse;
import org.opensearch.client.opensearch.core.bulk.BulkOperation;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;
import org.springframework.core.io.Resource;

import dev.mercato.search.SearchQuery;
import dev.mercato.search.SearchResult;
import dev.mercato.search.internal.ProductDocument;
import dev.mercato.search.internal.ProductIndex;
import dev.mercato.search.internal.SearchSettings;

/**
 * {@link ProductIndex} on an OpenSearch cluster, through the official Java client. Creates its index
 * (see {@link IndexMapping}) on first use, so the application starts while the cluster is down.
 * Writes return once OpenSearch has made them durable (the translog is synced before a bulk answers)
 * and visible: each write asks for a refresh rather than {@code refresh=wait_for}, which holds a
 * write until the next scheduled refresh (up to a second) and so adds minutes to a full reindex of
 * hundreds of batches; catalog writes are few enough that a refresh per write costs little.
 */
public final class OpenSearchProductIndex implements ProductIndex, AutoCloseable {

    private final OpenSearchClient client;
    private final OpenSearchClient writer;
    private final String index;
    private final List<String> synonyms;
    private final Clock clock;
    private final ReentrantLock creating = new ReentrantLock();
    private volatile boolean indexExists;

    public OpenSearchProductIndex(SearchSettings.OpenSearch settings, Resource synonyms, Clock clock) {
        this.client = Connections.connect(settings);
        this.writer = Connections.forWrites(client);
        this.index = settings.index();
        this.synonyms = Synonyms.read(synonyms);
        this.clock = clock;
    }

    @Override
    public String engine() {
        return "opensearch";
    }

    @Override
    public void upsert(List<ProductDocument> documents) {
        if (documents.isEmpty()) {
            return;
        }
        Instant indexedAt = clock.instant();
        List<BulkOperation> operations = documents.stream()
                .map(document -> BulkOperation.of(b -> b.index(i -> i.id(Long.toString(document.id())).document(IndexedProduct.of(document, indexedAt)))))
                .toList();
        bulk(operations);
    }

    @Override
    public void delete(Collection<Long> productIds) {
        if (productIds.isEmpty()) {
            return;
        }
        bulk(productIds.stream().map(id -> BulkOperation.of(b -> b.delete(d -> d.id(Long.toString(id))))).toList());
    }

    @Override
    public void deleteIndexedBefore(Instant cutoff) {
        DeleteByQueryResponse response = call(() -> writer.deleteByQuery(d -> d.index(index)
                .query(q -> q.range(r -> r.field(IndexMapping.INDEXED_AT).lt(JsonData.of(cutoff.toString()))))
                // a document rewritten while this runs was indexed after the cutoff: skipping it is right
                .conflicts(Conflicts.Proceed)
                .refresh(Refresh.True)));
        if (!response.failures().isEmpty()) {
            throw new IllegalStateException("delete of documents indexed before " + cutoff + " failed: " + response.failures().getFirst().cause().reason());
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

    private void bulk(List<BulkOperation> operations) {
        BulkResponse response = call(() -> writer.bulk(b -> b.index(index).refresh(Refresh.True).operations(operations)));
        if (response.errors()) {
            BulkResponseItem failed = response.items().stream().filter(item -> item.error() != null).findFirst().orElseThrow();
            throw new IllegalStateException("bulk write to " + index + " failed for id " + failed.id() + ": " + failed.error().reason());
        }
    }

    private <T> T call(Request<T> request) {
        ensureIndex();
        try {
            return request.send();
        } catch (OpenSearchException e) {
            if ("index_not_found_exception".equals(e.error().type())) {
                // deleted behind our back: create it again on the next call
                indexExists = false;
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void ensureIndex() {
        if (indexExists) {
            return;
        }
        creating.lock();
        try {
            if (!indexExists && !client.indices().exists(e -> e.index(index)).value()) {
                create();
            }
            indexExists = true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            creating.unlock();
        }
    }

    private void create() throws IOException {
        try {
            writer.indices().create(IndexMapping.createIndex(index, synonyms));
        } catch (OpenSearchException e) {
            // another application node created it first
            if (!"resource_already_exists_exception".equals(e.error().type())) {
                throw e;
            }
        }
    }

    @FunctionalInterface
    private interface Request<T> {
        T send() throws IOException;
    }
}
