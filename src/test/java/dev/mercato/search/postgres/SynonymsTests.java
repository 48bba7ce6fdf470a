package dev.mercato.search.postgres;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

import dev.mercato.search.internal.SynonymRules;

import static org.assertj.core.api.Assertions.assertThat;

class SynonymsTests {

    private final Synonyms synonyms = Synonyms.of(SynonymRules.parse(List.of(
            "# a comment, sofa, ignored",
            "",
            "Sofa, couch , settee",
            "phone, smartphone",
            "cellphone, phone",
            "pc => computer, desktop",
            "flat screen, monitor")));

    @Test
    void wordsOnOneLineAreEquivalentWhateverTheirCaseOrPunctuation() {
        assertThat(synonyms.expand(List.of("red", "Couch!"))).containsExactly(List.of("red"), List.of("sofa", "couch", "settee"));
    }

    @Test
    void aWordOnSeveralLinesGetsTheUnionWithoutChainingLines() {
        assertThat(synonyms.expand(List.of("phone"))).containsExactly(List.of("phone", "smartphone", "cellphone"));
        assertThat(synonyms.expand(List.of("smartphone"))).containsExactly(List.of("phone", "smartphone"));
    }

    @Test
    void anExplicitMappingReplacesTheLeftSide() {
        assertThat(synonyms.expand(List.of("PC"))).containsExactly(List.of("computer", "desktop"));
        assertThat(synonyms.expand(List.of("computer"))).containsExactly(List.of("computer"));
    }

    @Test
    void aPhraseIsRecognisedWhenItsWordsFollowEachOther() {
        assertThat(synonyms.expand(List.of("big", "flat", "Screen", "tv")))
                .containsExactly(List.of("big"), List.of("flat screen", "monitor"), List.of("tv"));
        assertThat(synonyms.expand(List.of("flat", "tv"))).containsExactly(List.of("flat"), List.of("tv"));
    }

    @Test
    void theShippedFileMakesSofaFindCouch() {
        Synonyms shipped = Synonyms.of(SynonymRules.load(new ClassPathResource("search/synonyms.txt")));
        assertThat(shipped.expand(List.of("sofa")).getFirst()).contains("couch");
    }
}
