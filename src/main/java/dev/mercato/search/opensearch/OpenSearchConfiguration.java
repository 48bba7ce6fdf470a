package dev.mercato.search.opensearch;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.mercato.search.internal.SearchSettings;

/** The OpenSearch engine, chosen by {@code mercato.search.engine=opensearch}; absent otherwise. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "mercato.search.engine", havingValue = "opensearch")
class OpenSearchConfiguration {

    @Bean
    OpenSearchProductIndex openSearchProductIndex(SearchSettings settings, Clock clock) {
        return new OpenSearchProductIndex(settings.opensearch(), settings.synonyms(), clock);
    }
}
