package dev.mercato.search.internal;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Reads {@code mercato.search.synonyms} once at start-up; every engine gets the same parsed rules. */
@Configuration(proxyBeanMethods = false)
class SynonymConfiguration {

    @Bean
    SynonymRules synonymRules(SearchSettings settings) {
        return SynonymRules.load(settings.synonyms());
    }
}
