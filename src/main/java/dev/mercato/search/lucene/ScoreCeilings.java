package dev.mercato.search.lucene;

import java.io.IOException;

import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.DocIdSetIterator;
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

    private final Scorer bounds;
    private int windowEnd = -1;
    private float windowMax;

    private ScoreCeilings(Scorer bounds) {
        this.bounds = bounds;
    }

    /**
     * @param topScores the query's weight created with {@code ScoreMode.TOP_SCORES} (only that mode
     *                  reads impacts); null when the caller does not rank
     * @return null when the segment has no match or nothing to bound
     */
    static ScoreCeilings of(Weight topScores, LeafReaderContext context) throws IOException {
        if (topScores == null) {
            return null;
        }
        Scorer scorer = topScores.scorer(context);
        return scorer == null ? null : new ScoreCeilings(scorer);
    }

    /** An upper bound of the text score of {@code doc}; documents must be asked in increasing order. */
    float of(int doc) throws IOException {
        if (doc > windowEnd) {
            windowEnd = bounds.advanceShallow(doc);
            windowMax = bounds.getMaxScore(windowEnd) * ROUNDING_ALLOWANCE;
        }
        return windowMax;
    }
}
