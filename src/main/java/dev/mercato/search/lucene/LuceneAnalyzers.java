package dev.mercato.search.lucene;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.apache.lucene.util.CharsRef;
import org.apache.lucene.util.CharsRefBuilder;

import dev.mercato.search.internal.SynonymRules;

/**
 * English analysis, the same chain as Lucene's EnglishAnalyzer (possessives, lower case, stop words,
 * Porter stemming). Synonyms are expanded only in queries: the index does not depend on the synonym
 * list, so changing it needs a restart, not a reindex.
 */
final class LuceneAnalyzers {

    private LuceneAnalyzers() {
    }

    static Analyzer index() {
        return new EnglishChain(null);
    }

    static Analyzer query(SynonymRules synonyms) {
        return new EnglishChain(map(synonyms));
    }

    /**
     * The rules as Lucene's synonym map, built as SolrSynonymParser would with expand=true: each entry
     * of an equivalence maps to every other one keeping the original, an explicit rule maps its left
     * entries to its right ones replacing the original. Entries are already lower-cased like the
     * tokens they meet.
     */
    private static SynonymMap map(SynonymRules synonyms) {
        var builder = new SynonymMap.Builder(true);
        var scratch = new CharsRefBuilder();
        for (SynonymRules.Rule rule : synonyms.rules()) {
            for (String from : rule.from()) {
                for (String to : rule.to()) {
                    if (rule.explicit() || !from.equals(to)) {
                        builder.add(words(from, scratch), words(to, new CharsRefBuilder()), !rule.explicit());
                    }
                }
            }
        }
        try {
            return builder.build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the synonym map", e);
        }
    }

    private static CharsRef words(String entry, CharsRefBuilder scratch) {
        return SynonymMap.Builder.join(entry.split(" "), scratch);
    }

    private static final class EnglishChain extends Analyzer {

        private final SynonymMap synonyms;

        EnglishChain(SynonymMap synonyms) {
            this.synonyms = synonyms;
        }

        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            Tokenizer source = new StandardTokenizer();
            TokenStream result = new EnglishPossessiveFilter(source);
            result = new LowerCaseFilter(result);
            result = new StopFilter(result, EnglishAnalyzer.ENGLISH_STOP_WORDS_SET);
            if (synonyms != null && synonyms.fst != null) {
                result = new SynonymGraphFilter(result, synonyms, true);
            }
            result = new PorterStemFilter(result);
            return new TokenStreamComponents(source, result);
        }

        @Override
        protected TokenStream normalize(String fieldName, TokenStream in) {
            return new LowerCaseFilter(in);
        }
    }
}
