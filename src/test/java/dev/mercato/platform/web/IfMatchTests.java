package dev.mercato.platform.web;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IfMatchTests {

    @Test
    void aListOfEntityTagsMatchesWhenOneEqualsTheCurrentTagStrongly() {
        IfMatch header = IfMatch.parse(" \"a1\" , W/\"b2\",\"c3\"");

        assertThat(header.tags()).containsExactly("\"a1\"", "W/\"b2\"", "\"c3\"");
        assertThat(header.matches("\"c3\"")).isTrue();
        assertThat(header.matches("\"b2\"")).as("weak tags never match strongly").isFalse();
        assertThat(header.matches("\"zz\"")).isFalse();
    }

    @Test
    void aStarMatchesAnyCurrentRepresentationButNotAMissingOne() {
        IfMatch any = IfMatch.parse("*");

        assertThat(any.matches("\"whatever\"")).isTrue();
        assertThat(any.matches(null)).isFalse();
    }

    @Test
    void noHeaderIsNoPrecondition() {
        assertThat(IfMatch.parse(null)).isNull();
    }

    @Test
    void anythingButStarOrQuotedTagsIsRefusedAsMalformed() {
        for (String malformed : List.of("", "garbage", "7", "\"unterminated", "\"a\" junk", "W/abc", "\"a\"\"b\"")) {
            assertThatThrownBy(() -> IfMatch.parse(malformed)).as(malformed).isInstanceOf(ProblemException.class)
                    .hasMessageContaining("If-Match must be");
        }
    }
}
