package dev.mercato.search.opensearch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.core.io.Resource;

/** The synonym rules of a Solr-format resource, as the {@code synonym_graph} filter takes them inline. */
final class Synonyms {

    private Synonyms() {
    }

    static List<String> read(Resource resource) {
        try {
            return resource.getContentAsString(StandardCharsets.UTF_8).lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read synonyms from " + resource, e);
        }
    }
}
