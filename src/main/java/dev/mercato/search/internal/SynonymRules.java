package dev.mercato.search.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.springframework.core.io.Resource;

/**
 * The query-time synonyms, parsed once from Solr's format and handed to every engine (Lucene builds
 * its synonym map from {@link #rules()}, OpenSearch takes {@link #solrLines()} inline, PostgreSQL
 * expands query words from {@link #rules()}), so all three read a line the same way.
 *
 * <p>Format: {@code sofa, couch, settee} makes the entries equivalent; {@code pc => computer, desktop}
 * replaces the left side by the right; blank lines and lines starting with {@code #} are ignored.
 * An entry may be a phrase. Entries are normalised as the engines' analysers see words: lower case,
 * punctuation at either end of a word dropped, one space between words; an entry left empty is
 * dropped, and a rule left without an entry on a side is dropped. Immutable and thread-safe.
 */
public final class SynonymRules {

    /**
     * One line: {@code from} are the entries recognised in a query, {@code to} what a match may contain
     * instead. For an equivalence both are the line's entries and {@code explicit} is false.
     */
    public record Rule(List<String> from, List<String> to, boolean explicit) {

        public Rule {
            from = List.copyOf(from);
            to = List.copyOf(to);
        }
    }

    public static final SynonymRules NONE = new SynonymRules(List.of());

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern EDGE_PUNCTUATION = Pattern.compile("^[^\\p{L}\\p{N}]+|[^\\p{L}\\p{N}]+$");

    private final List<Rule> rules;

    private SynonymRules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static SynonymRules load(Resource resource) {
        try {
            return parse(resource.getContentAsString(StandardCharsets.UTF_8).lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read synonyms from " + resource, e);
        }
    }

    public static SynonymRules parse(List<String> lines) {
        List<Rule> rules = new ArrayList<>();
        for (String line : lines) {
            String rule = line.strip();
            if (rule.isEmpty() || rule.startsWith("#")) {
                continue;
            }
            int arrow = rule.indexOf("=>");
            List<String> from = entries(arrow < 0 ? rule : rule.substring(0, arrow));
            List<String> to = arrow < 0 ? from : entries(rule.substring(arrow + 2));
            if (!from.isEmpty() && !to.isEmpty()) {
                rules.add(new Rule(from, to, arrow >= 0));
            }
        }
        return new SynonymRules(rules);
    }

    public List<Rule> rules() {
        return rules;
    }

    /** The rules written back in Solr's format, normalised, one per line, in file order. */
    public List<String> solrLines() {
        return rules.stream().map(rule -> rule.explicit()
                ? String.join(", ", rule.from()) + " => " + String.join(", ", rule.to())
                : String.join(", ", rule.from())).toList();
    }

    /** A word or phrase as the rules hold it: lower case, no punctuation at word edges, single spaces. */
    public static String normalise(String phrase) {
        return Arrays.stream(WHITESPACE.split(phrase.strip()))
                .map(word -> EDGE_PUNCTUATION.matcher(word.toLowerCase(Locale.ROOT)).replaceAll(""))
                .filter(word -> !word.isEmpty())
                .reduce((a, b) -> a + " " + b).orElse("");
    }

    private static List<String> entries(String side) {
        return Arrays.stream(side.split(",")).map(SynonymRules::normalise).filter(entry -> !entry.isEmpty()).distinct().toList();
    }
}
