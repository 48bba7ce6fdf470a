package dev.mercato.search.lucene;

import java.io.IOException;
import java.util.Arrays;

import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.util.IntsRefBuilder;

import dev.mercato.search.internal.PriceRanges;

/**
 * What every query reads for each matching document (business boost, brand, category, price
 * bucket), loaded once per segment into plain arrays. Doc-values iterators are built for one
 * forward pass; a query touching a hundred thousand documents paid more for iterating them than
 * for the search itself. The arrays cost about 21 bytes a document.
 *
 * <p>A document keeps only its deepest category ({@link #categoryLeaf}); its ancestors follow from
 * that leaf ({@link #ancestors}), so counting a category facet is one increment a document and the
 * ancestors are added once per leaf at the end.
 *
 * @param ids           product id per document (the tie-break of equal scores)
 * @param boosts        business boost per document (1 where missing)
 * @param brandOrd      the brand's ordinal per document, -1 without one
 * @param brandNames    the brand per ordinal
 * @param categoryLeaf  the ordinal of the document's deepest category path, -1 without one
 * @param ancestors     per leaf ordinal, the ordinals of its ancestor paths (null for ordinals no document has as leaf)
 * @param categoryPaths the category path per ordinal
 * @param priceBucket   index into {@link PriceRanges#ALL} per document, -1 without a price
 */
record SegmentColumns(long[] ids, float[] boosts, int[] brandOrd, String[] brandNames, int[] categoryLeaf, int[][] ancestors,
                      String[] categoryPaths, byte[] priceBucket) {

    static SegmentColumns read(LeafReader reader) throws IOException {
        int maxDoc = reader.maxDoc();
        long[] ids = new long[maxDoc];
        SortedNumericDocValues idValues = DocValues.getSortedNumeric(reader, LuceneDocuments.ID);
        for (int doc = idValues.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = idValues.nextDoc()) {
            ids[doc] = idValues.nextValue();
        }
        float[] boosts = boosts(reader, maxDoc);
        SortedDocValues brands = DocValues.getSorted(reader, LuceneDocuments.BRAND);
        int[] brandOrd = new int[maxDoc];
        Arrays.fill(brandOrd, -1);
        for (int doc = brands.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = brands.nextDoc()) {
            brandOrd[doc] = brands.ordValue();
        }
        String[] brandNames = new String[brands.getValueCount()];
        for (int ord = 0; ord < brandNames.length; ord++) {
            brandNames[ord] = brands.lookupOrd(ord).utf8ToString();
        }

        SortedSetDocValues categories = DocValues.getSortedSet(reader, LuceneDocuments.CATEGORY_PATHS);
        int paths = Math.toIntExact(categories.getValueCount());
        int[] categoryLeaf = new int[maxDoc];
        Arrays.fill(categoryLeaf, -1);
        int[][] ancestors = new int[paths][];
        var ords = new IntsRefBuilder();
        for (int doc = categories.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = categories.nextDoc()) {
            ords.clear();
            for (int i = categories.docValueCount(); i > 0; i--) {
                ords.append((int) categories.nextOrd());
            }
            // ords come sorted, and a path sorts after each of its prefixes: the last one is the leaf
            int leaf = ords.intAt(ords.length() - 1);
            categoryLeaf[doc] = leaf;
            if (ancestors[leaf] == null) {
                ancestors[leaf] = Arrays.copyOf(ords.ints(), ords.length() - 1);
            }
        }
        String[] categoryPaths = new String[paths];
        for (int ord = 0; ord < paths; ord++) {
            categoryPaths[ord] = categories.lookupOrd(ord).utf8ToString();
        }

        long[] bounds = PriceRanges.ALL.stream().mapToLong(PriceRanges.Range::toCentsExclusive).toArray();
        byte[] priceBucket = new byte[maxDoc];
        Arrays.fill(priceBucket, (byte) -1);
        SortedNumericDocValues prices = DocValues.getSortedNumeric(reader, LuceneDocuments.PRICE_CENTS);
        for (int doc = prices.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = prices.nextDoc()) {
            priceBucket[doc] = bucket(prices.nextValue(), bounds);
        }
        return new SegmentColumns(ids, boosts, brandOrd, brandNames, categoryLeaf, ancestors, categoryPaths, priceBucket);
    }

    private static float[] boosts(LeafReader reader, int maxDoc) throws IOException {
        float[] boosts = new float[maxDoc];
        Arrays.fill(boosts, 1f);
        NumericDocValues values = DocValues.getNumeric(reader, LuceneDocuments.BOOST);
        for (int doc = values.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = values.nextDoc()) {
            boosts[doc] = Float.intBitsToFloat((int) values.longValue());
        }
        return boosts;
    }

    private static byte bucket(long cents, long[] bounds) {
        for (int i = 0; i < bounds.length - 1; i++) {
            if (cents < bounds[i]) {
                return (byte) i;
            }
        }
        return (byte) (bounds.length - 1);
    }
}
