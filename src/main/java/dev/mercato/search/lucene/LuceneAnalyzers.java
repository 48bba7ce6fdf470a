package dev.mercato.search.lucene;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.core.WhitespaceTokenizer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.synonym.SolrSynonymParser;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.springframework.core.io.Resource;

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

    static Analyzer query(Resource synonyms) {
        return new EnglishChain(parse(synonyms));
    }

    private static SynonymMap parse(Resource synonyms) {
        // expand=true: "sofa, couch" makes each find the other; lower-cased like the tokens they meet
        var parser = new SolrSynonymParser(true, true, new LowerCaseWhitespace());
        try (Reader reader = new InputStreamReader(synonyms.getInputStream(), StandardCharsets.UTF_8)) {
            parser.parse(reader);
            return parser.build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read synonyms from " + synonyms, e);
        } catch (ParseException e) {
            throw new IllegalStateException("bad synonym line in " + synonyms + ": " + e.getMessage(), e);
        }
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

    private static final class LowerCaseWhitespace extends Analyzer {

        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            Tokenizer source = new WhitespaceTokenizer();
            return new TokenStreamComponents(source, new LowerCaseFilter(source));
        }
    }
}
