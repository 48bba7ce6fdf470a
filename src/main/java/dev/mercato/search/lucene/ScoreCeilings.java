package dev.mercato.search.lucene;

import java.io.IOException;

import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Weight;

/**
 * The most a document of one segment can score on the text, window by window, read from the
 * postings' impacts (the per-block maximum term frequency and shortest field Lucene keeps for
 * block-max WAND). It never moves through the postings: it only reads their skip data.
 *
 * <p>Why: facets need every match visited, so Lucene's own top-k pruning (which skips matches)
 * cannot be used. But most matches cannot reach the page even with the best text score their
 * window allows times their own business boost; for those the collector counts the facets and
 * never asks for the score, and the title and description postings are not read for them.
 */
final class ScoreCeilings {

    /** Float sums in the scorers and in the maxima may round apart; keep the ceiling a ceiling. */
    private static final float ROUNDING_ALLOWANCE = 1.0001f;

    /** One query's ceilings: what every match scores, and the clauses whose maxima vary by window. */
    record Source(float constant, Weight varying) {

        static Source of(IndexSearcher searcher, LuceneQueries.TextCeiling ceiling) throws IOException {
            // only TOP_SCORES weights read impacts
            Weight varying = ceiling.varying() == null ? null
                    : searcher.createWeight(searcher.rewrite(ceiling.varying()), ScoreMode.TOP_SCORES, 1f);
            return new Source(ceiling.constant(), varying);
        }

        ScoreCeilings of(LeafReaderContext segment) {
            return new ScoreCeilings(this, segment);
        }
    }

    private final Source source;
    private final LeafReaderContext segment;
    private boolean opened;
    private Scorer varying;
    private int windowEnd = -1;
    private float windowMax;

    private ScoreCeilings(Source source, LeafReaderContext segment) {
        this.source = source;
        this.segment = segment;
    }

    /** An upper bound of the text score of {@code doc}; documents must be asked in increasing order. */
    float of(int doc) throws IOException {
        if (!opened) {
            // only once a match needs it: most segments of a selective query never get this far
            opened = true;
            varying = source.varying() == null ? null : source.varying().scorer(segment);
            if (varying == null) {
                windowEnd = DocIdSetIterator.NO_MORE_DOCS;
                windowMax = source.constant() * ROUNDING_ALLOWANCE;
            }
        }
        if (doc > windowEnd) {
            windowEnd = varying.advanceShallow(doc);
            windowMax = (source.constant() + varying.getMaxScore(windowEnd)) * ROUNDING_ALLOWANCE;
        }
        return windowMax;
    }
}
