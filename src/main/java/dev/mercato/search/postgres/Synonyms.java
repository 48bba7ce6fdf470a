package dev.mercato.search.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.core.io.Resource;

/**
 * Query-time synonyms in Solr's format: {@code sofa, couch, settee} makes the words equivalent,
 * {@code pc => computer, desktop} replaces the left side by the right. A word on several lines gets
 * the union of its lines, but lines are not chained (as in Solr). Entries may be phrases; a phrase
 * on the left is recognised in the query when its words appear in a row, longest first.
 */
final class Synonyms {

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern EDGE_PUNCTUATION = Pattern.compile("^[^\\p{L}\\p{N}]+|[^\\p{L}\\p{N}]+$");

    private final Map<String, Set<String>> alternatives;
    private final int longestKey;

    private Synonyms(Map<String, Set<String>> alternatives) {
        this.alternatives = alternatives;
        this.longestKey = alternatives.keySet().stream().mapToInt(key -> WHITESPACE.split(key).length).max().orElse(1);
    }

    static Synonyms load(Resource resource) {
        try {
            return parse(resource.getContentAsString(StandardCharsets.UTF_8).lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read synonyms from " + resource, e);
        }
    }

    static Synonyms parse(List<String> lines) {
        Map<String, Set<String>> alternatives = new HashMap<>();
        for (String line : lines) {
            String rule = line.strip();
            if (rule.isEmpty() || rule.startsWith("#")) {
                continue;
            }
            int arrow = rule.indexOf("=>");
            List<String> left = entries(arrow < 0 ? rule : rule.substring(0, arrow));
            List<String> right = arrow < 0 ? left : entries(rule.substring(arrow + 2));
            for (String word : left) {
                alternatives.computeIfAbsent(word, w -> new LinkedHashSet<>()).addAll(right);
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
            Set<String> found = alternatives.get(normalise(String.join(" ", words.subList(i, i + length))));
            while (found == null && length > 1) {
                length--;
                found = alternatives.get(normalise(String.join(" ", words.subList(i, i + length))));
            }
            groups.add(found == null ? List.of(words.get(i)) : List.copyOf(found));
            i += found == null ? 1 : length;
        }
        return groups;
    }

    private static List<String> entries(String side) {
        return Arrays.stream(side.split(",")).map(Synonyms::normalise).filter(entry -> !entry.isEmpty()).toList();
    }

    private static String normalise(String phrase) {
        return Arrays.stream(WHITESPACE.split(phrase.strip()))
                .map(word -> EDGE_PUNCTUATION.matcher(word.toLowerCase(Locale.ROOT)).replaceAll(""))
                .filter(word -> !word.isEmpty())
                .reduce((a, b) -> a + " " + b).orElse("");
    }
}
