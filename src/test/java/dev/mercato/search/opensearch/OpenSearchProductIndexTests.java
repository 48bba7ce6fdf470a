package dev.mercato.search.opensearch;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;

import dev.mercato.search.ProductIndexContract;
import dev.mercato.search.internal.ProductIndex;
import dev.mercato.search.internal.SearchSettings;
import dev.mercato.search.internal.SynonymRules;

@ExtendWith(OpenSearchNode.class)
class OpenSearchProductIndexTests extends ProductIndexContract {

    private static final AtomicInteger indexes = new AtomicInteger();

    private OpenSearchProductIndex opensearch;
    private String indexName;

    @Override
    protected ProductIndex newIndex(Clock clock) {
        indexName = "contract-" + indexes.incrementAndGet();
        opensearch = new OpenSearchProductIndex(settings(OpenSearchNode.url(), indexName, new ClassPathResource("search/synonyms.txt")),
                SynonymRules.load(new ClassPathResource("search/synonyms.txt")), clock);
        return opensearch;
    }

    @AfterEach
    void deleteIndex() throws Exception {
        opensearch.close();
        OpenSearchNode.deleteIndex(indexName);
    }

    static SearchSettings settings(String url, String index, Resource synonyms) {
        return new SearchSettings("opensearch", synonyms, null,
                new SearchSettings.OpenSearch(url, index, null, null, Duration.ofSeconds(10)), null, 1000, Duration.ofMinutes(5));
    }
}
