package dev.mercato.search.internal;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

class SynonymRulesTests {

    @Test
    void readsEquivalencesAndExplicitMappingsSkippingCommentsAndBlankLines() {
        SynonymRules rules = SynonymRules.parse(List.of("# sofa, ignored", "", "Sofa, couch , settee", "pc => computer, desktop"));

        assertThat(rules.rules()).containsExactly(
                new SynonymRules.Rule(List.of("sofa", "couch", "settee"), List.of("sofa", "couch", "settee"), false),
                new SynonymRules.Rule(List.of("pc"), List.of("computer", "desktop"), true));
    }

    @Test
    void normalisesEntriesAsTheAnalysersSeeWordsAndDropsEmptyOnes() {
        SynonymRules rules = SynonymRules.parse(List.of("  Flat   Screen!, \"Monitor\", , --", "=> orphan", "tv, TV"));

        assertThat(rules.rules()).containsExactly(
                new SynonymRules.Rule(List.of("flat screen", "monitor"), List.of("flat screen", "monitor"), false),
                new SynonymRules.Rule(List.of("tv"), List.of("tv"), false));
    }

    @Test
    void writesTheParsedRulesBackInSolrFormatForEnginesThatTakeLines() {
        SynonymRules rules = SynonymRules.parse(List.of("Sofa,couch", "PC=>computer , desktop"));

        assertThat(rules.solrLines()).containsExactly("sofa, couch", "pc => computer, desktop");
        assertThat(SynonymRules.parse(rules.solrLines()).rules()).isEqualTo(rules.rules());
    }

    @Test
    void theShippedFileParses() {
        SynonymRules shipped = SynonymRules.load(new ClassPathResource("search/synonyms.txt"));

        assertThat(shipped.rules()).isNotEmpty().anySatisfy(rule -> assertThat(rule.from()).contains("sofa", "couch"));
    }
}
