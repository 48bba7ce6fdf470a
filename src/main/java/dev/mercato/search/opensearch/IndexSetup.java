package dev.mercato.search.opensearch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch._types.analysis.Analyzer;
import org.opensearch.client.opensearch._types.analysis.TokenFilter;
import org.opensearch.client.opensearch.indices.IndexSettings;
import org.opensearch.client.opensearch.indices.IndexSettingsAnalysis;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the products index to what {@link IndexMapping} describes, once per process and again
 * after the index disappeared: creates it when missing, and when the synonyms resource changed
 * since it was created, applies the new synonyms (analysis settings change only on a closed index,
 * so it is closed for a moment; queries meanwhile fail over to PostgreSQL).
 */
final class IndexSetup {

    private static final Logger log = LoggerFactory.getLogger(IndexSetup.class);

    private final OpenSearchClient client;
    private final String index;
    private final List<String> synonyms;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean done;

    IndexSetup(OpenSearchClient client, String index, List<String> synonyms) {
        this.client = client;
        this.index = index;
        this.synonyms = synonyms;
    }

    void ensure() {
        if (done) {
            return;
        }
        lock.lock();
        try {
            if (!done) {
                if (client.indices().exists(e -> e.index(index)).value()) {
                    applySynonymsIfChanged();
                } else {
                    create();
                }
                done = true;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            lock.unlock();
        }
    }

    /** The index was deleted behind our back: set it up again on the next call. */
    void forget() {
        done = false;
    }

    private void create() throws IOException {
        try {
            client.indices().create(IndexMapping.createIndex(index, synonyms));
            log.info("created search index index={} synonyms={}", index, synonyms.size());
        } catch (OpenSearchException e) {
            // another application node created it first
            if (!"resource_already_exists_exception".equals(e.error().type())) {
                throw e;
            }
        }
    }

    private void applySynonymsIfChanged() throws IOException {
        List<String> current = currentSynonyms();
        if (current.equals(synonyms)) {
            return;
        }
        log.warn("search index synonyms changed, closing the index to apply them index={} before={} after={}",
                index, current.size(), synonyms.size());
        client.indices().close(c -> c.index(index));
        try {
            client.indices().putSettings(p -> p.index(index).settings(s -> s.analysis(IndexMapping.analysis(synonyms))));
        } finally {
            client.indices().open(o -> o.index(index));
        }
    }

    private List<String> currentSynonyms() throws IOException {
        IndexSettings settings = client.indices().getSettings(g -> g.index(index)).get(index).settings();
        IndexSettingsAnalysis analysis = settings.index() != null ? settings.index().analysis() : settings.analysis();
        if (analysis == null || !usesSynonyms(analysis.analyzer().get(IndexMapping.SEARCH_ANALYZER))) {
            return List.of();
        }
        TokenFilter filter = analysis.filter().get(IndexMapping.SYNONYMS_FILTER);
        return filter.isDefinition() && filter.definition().isSynonymGraph() ? filter.definition().synonymGraph().synonyms() : List.of();
    }

    /** A filter once defined stays in the settings; whether the analyzer still uses it is what counts. */
    private static boolean usesSynonyms(Analyzer analyzer) {
        return analyzer != null && analyzer.isCustom() && analyzer.custom().filter().contains(IndexMapping.SYNONYMS_FILTER);
    }
}
