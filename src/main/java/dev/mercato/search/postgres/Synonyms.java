package dev.mercato.search.postgres;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.mercato.search.internal.SynonymRules;

/**
 * Query words expanded by the {@link SynonymRules}: a word (or phrase) on the left of a rule may be
 * replaced by any entry on its right. A word on several lines gets the union of its lines, but lines
 * are not chained (as in Solr). A phrase on the left is recognised in the query when its words
 * appear in a row, longest first.
 */
final class Synonyms {

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private final Map<String, Set<String>> alternatives;
    private final int longestKey;

    private Synonyms(Map<String, Set<String>> alternatives) {
        this.alternatives = alternatives;
        this.longestKey = alternatives.keySet().stream().mapToInt(key -> WHITESPACE.split(key).length).max().orElse(1);
    }

    static Synonyms of(SynonymRules rules) {
        Map<String, Set<String>> alternatives = new HashMap<>();
        for (SynonymRules.Rule rule : rules.rules()) {
            for (String word : rule.from()) {
                alternatives.computeIfAbsent(word, w -> new LinkedHashSet<>()).addAll(rule.to());
            }
        }
        return new Synonyms(alternatives);
    }

    /**
     * One group per word (or phrase) of the query, listing what a product may contain instead: the
     * entries of its synonym rules, or just the word as typed when it has none.
     */
    List<List<String>> expand(List<String> words) {
        List<List<String>> groups = new ArrayList<>();
        int i = 0;
        while (i < words.size()) {
            int length = Math.min(longestKey, words.size() - i);
            Set<String> found = alternatives.get(SynonymRules.normalise(String.join(" ", words.subList(i, i + length))));
            while (found == null && length > 1) {
                length--;
                found = alternatives.get(SynonymRules.normalise(String.join(" ", words.subList(i, i + length))));
            }
            groups.add(found == null ? List.of(words.get(i)) : List.copyOf(found));
            i += found == null ? 1 : length;
        }
        return groups;
    }
}
