package dev.mercato.search.lucene;

import java.util.Arrays;

/**
 * The best {@code size} documents seen, by score, equal scores by lower product id (so pages of one
 * result never overlap). A binary heap with the worst kept document on top: most matches are
 * refused by one comparison with it.
 */
final class TopHits {

    /** One kept document: its index-wide doc id, product id and score. */
    record Hit(int doc, long productId, float score) {
    }

    private final int size;
    private final int[] docs;
    private final long[] ids;
    private final float[] scores;
    private int count;

    TopHits(int size) {
        this.size = size;
        this.docs = new int[size];
        this.ids = new long[size];
        this.scores = new float[size];
    }

    int capacity() {
        return size;
    }

    /**
     * The lowest score a document needs to be kept, once the heap is full ({@code -Infinity} until
     * then). A document scoring exactly this much is kept only if its product id is lower, so
     * callers skipping documents must skip only those certain to score below it.
     */
    float entryScore() {
        if (count < size) {
            return Float.NEGATIVE_INFINITY;
        }
        return size == 0 ? Float.POSITIVE_INFINITY : scores[0];
    }

    /** Keeps the document if it beats the worst one kept. */
    void offer(int doc, long productId, float score) {
        if (count < size) {
            docs[count] = doc;
            ids[count] = productId;
            scores[count] = score;
            siftUp(count++);
        } else if (size > 0 && worse(scores[0], ids[0], score, productId)) {
            docs[0] = doc;
            ids[0] = productId;
            scores[0] = score;
            siftDown(0);
        }
    }

    void addAll(TopHits other) {
        for (int i = 0; i < other.count; i++) {
            offer(other.docs[i], other.ids[i], other.scores[i]);
        }
    }

    /** The kept documents, best first. */
    Hit[] best() {
        Hit[] hits = new Hit[count];
        for (int i = 0; i < count; i++) {
            hits[i] = new Hit(docs[i], ids[i], scores[i]);
        }
        Arrays.sort(hits, (a, b) -> worse(a.score(), a.productId(), b.score(), b.productId()) ? 1
                : worse(b.score(), b.productId(), a.score(), a.productId()) ? -1 : 0);
        return hits;
    }

    /** True when (scoreA, idA) ranks below (scoreB, idB). */
    private static boolean worse(float scoreA, long idA, float scoreB, long idB) {
        return scoreA < scoreB || (scoreA == scoreB && idA > idB);
    }

    private void siftUp(int at) {
        while (at > 0) {
            int parent = (at - 1) >>> 1;
            if (!worse(scores[at], ids[at], scores[parent], ids[parent])) {
                return;
            }
            swap(at, parent);
            at = parent;
        }
    }

    private void siftDown(int at) {
        while (true) {
            int child = 2 * at + 1;
            if (child >= count) {
                return;
            }
            if (child + 1 < count && worse(scores[child + 1], ids[child + 1], scores[child], ids[child])) {
                child++;
            }
            if (!worse(scores[child], ids[child], scores[at], ids[at])) {
                return;
            }
            swap(at, child);
            at = child;
        }
    }

    private void swap(int a, int b) {
        int doc = docs[a];
        docs[a] = docs[b];
        docs[b] = doc;
        long id = ids[a];
        ids[a] = ids[b];
        ids[b] = id;
        float score = scores[a];
        scores[a] = scores[b];
        scores[b] = score;
    }
}
