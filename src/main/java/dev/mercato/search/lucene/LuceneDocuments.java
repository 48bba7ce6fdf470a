package dev.mercato.search.lucene;

import java.util.List;
import java.util.ArrayList;
import java.math.RoundingMode;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Locale;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FloatDocValuesField;
import org.apache.lucene.document.IntField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.SortedSetDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.util.BytesRef;

import dev.mercato.catalog.ProductSummary;
import dev.mercato.search.internal.ProductDocument;
import dev.mercato.search.internal.Ranking;

/** How a product is laid out in the Lucene index: field names and the mapping both ways. */
final class LuceneDocuments {

    static final String ID = "id";
    static final String ID_KEY = "id_key";
    static final String TITLE = "title";
    static final String DESCRIPTION = "description";
    /** Title, description, brand and category words together: every query word must occur somewhere here. */
    static final String ALL = "all";
    static final String BRAND = "brand";
    /** Lower-cased brand name and slug, so a filter may name the brand either way. */
    static final String BRAND_KEY = "brand_key";
    /** The product's category path and each of its ancestors: a filter on one path finds the subtree. */
    static final String CATEGORY_PATHS = "category_paths";
    static final String PRICE_CENTS = "price_cents";
    static final String RATING_TENTHS = "rating_tenths";
    static final String IN_STOCK = "in_stock";
    /** {@link Ranking#businessBoost} precomputed, since its inputs change only with the document. */
    static final String BOOST = "boost";
    static final String INDEXED_AT = "indexed_at";
    private static final String SLUG = "slug";
    private static final String CATEGORY = "category";
    private static final String PRICE = "price";
    private static final String CURRENCY = "currency";
    private static final String RATING = "rating";
    private static final String REVIEW_COUNT = "review_count";
    private static final String IMAGE_URL = "image_url";

    private LuceneDocuments() {
    }

    static Term idTerm(long id) {
        return new Term(ID_KEY, Long.toString(id));
    }

    static Document toLucene(ProductDocument product, Instant indexedAt) {
        var doc = new Document();
        doc.add(new StringField(ID_KEY, Long.toString(product.id()), Field.Store.NO));
        doc.add(new LongField(ID, product.id(), Field.Store.YES));
        doc.add(new TextField(TITLE, product.title(), Field.Store.YES));
        doc.add(new TextField(DESCRIPTION, product.description(), Field.Store.NO));
        doc.add(new TextField(ALL, String.join(" ", product.title(), product.description(), product.brand(),
                product.categoryPath().replace('/', ' ').replace('-', ' ')), Field.Store.NO));
        doc.add(new StoredField(SLUG, product.slug()));
        doc.add(new StoredField(BRAND, product.brand()));
        doc.add(new SortedDocValuesField(BRAND, new BytesRef(product.brand())));
        doc.add(new StringField(BRAND_KEY, product.brand().toLowerCase(Locale.ROOT), Field.Store.NO));
        doc.add(new StringField(BRAND_KEY, product.brandSlug().toLowerCase(Locale.ROOT), Field.Store.NO));
        doc.add(new StoredField(CATEGORY, product.categoryPath()));
        for (String path : ancestry(product.categoryPath())) {
            doc.add(new StringField(CATEGORY_PATHS, path, Field.Store.NO));
            doc.add(new SortedSetDocValuesField(CATEGORY_PATHS, new BytesRef(path)));
        }
        doc.add(new StoredField(PRICE, product.price().toPlainString()));
        doc.add(new LongField(PRICE_CENTS, cents(product.price()), Field.Store.NO));
        doc.add(new StoredField(CURRENCY, product.currency()));
        if (product.rating() != null) {
            doc.add(new StoredField(RATING, product.rating().toPlainString()));
        }
        doc.add(new IntField(RATING_TENTHS, tenths(product.rating()), Field.Store.NO));
        doc.add(new StoredField(REVIEW_COUNT, product.reviewCount()));
        doc.add(new IntField(IN_STOCK, product.inStock() ? 1 : 0, Field.Store.YES));
        if (product.imageUrl() != null) {
            doc.add(new StoredField(IMAGE_URL, product.imageUrl()));
        }
        double rating = product.rating() == null ? 0 : product.rating().doubleValue();
        doc.add(new FloatDocValuesField(BOOST, (float) Ranking.businessBoost(product.inStock(), rating, product.reviewCount())));
        doc.add(new LongField(INDEXED_AT, indexedAt.toEpochMilli(), Field.Store.NO));
        return doc;
    }

    static ProductSummary summary(StoredFields stored, int docId) throws IOException {
        Document doc = stored.document(docId);
        String rating = doc.get(RATING);
        return new ProductSummary(
                doc.get(ID), doc.get(SLUG), doc.get(TITLE), doc.get(BRAND), doc.get(CATEGORY),
                new BigDecimal(doc.get(PRICE)), doc.get(CURRENCY),
                rating == null ? null : new BigDecimal(rating),
                doc.getField(REVIEW_COUNT).numericValue().intValue(),
                doc.getField(IN_STOCK).numericValue().intValue() == 1,
                doc.get(IMAGE_URL));
    }

    static long cents(BigDecimal amount) {
        return amount.movePointRight(2).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    /** No rating sorts below every real one, so a minimum-rating filter leaves unrated products out. */
    static int tenths(BigDecimal rating) {
        return rating == null ? -1 : rating.movePointRight(1).setScale(0, RoundingMode.HALF_UP).intValueExact();
    }

    /** {@code home/lighting/lamps} -> home, home/lighting, home/lighting/lamps. */
    static List<String> ancestry(String path) {
        var paths = new ArrayList<String>();
        for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
            paths.add(path.substring(0, slash));
        }
        paths.add(path);
        return paths;
    }
}
