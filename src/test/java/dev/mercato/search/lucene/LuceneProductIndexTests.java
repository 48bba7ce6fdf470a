package dev.mercato.search.lucene;

import java.nio.file.Path;
import java.time.Clock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.ClassPathResource;

import dev.mercato.search.ProductIndexContract;
import dev.mercato.search.internal.ProductIndex;
import dev.mercato.search.internal.SearchSettings;
import dev.mercato.search.internal.SynonymRules;

class LuceneProductIndexTests extends ProductIndexContract {

    @TempDir
    Path directory;

    private LuceneProductIndex lucene;

    @Override
    protected ProductIndex newIndex(Clock clock) throws Exception {
        var settings = new SearchSettings("lucene", new ClassPathResource("search/synonyms.txt"),
                new SearchSettings.Lucene(directory, 0, java.time.Duration.ofSeconds(1)), null, null, 1000, java.time.Duration.ofMinutes(5));
        lucene = new LuceneProductIndex(settings, SynonymRules.load(settings.synonyms()), clock);
        return lucene;
    }

    @AfterEach
    void close() throws Exception {
        lucene.destroy();
    }
}
