package dev.mercato.search;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mercato.catalog.ProductSummary;
import dev.mercato.search.SearchFacets.FacetCount;
import dev.mercato.search.internal.ProductDocument;
import dev.mercato.search.internal.ProductIndex;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link ProductIndex} adapter must do, run against a fresh, empty index of the real
 * engine. The hand-written catalog is small enough to know the right answer to every query.
 */
public abstract class ProductIndexContract {

    protected final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
    protected ProductIndex index;

    /** A new, empty index of the engine under test whose writes are stamped with {@code clock}. */
    protected abstract ProductIndex newIndex(Clock clock) throws Exception;

    static final ProductDocument HAMPTON_SOFA = doc(1, "Hampton Leather Sofa", "Three-seat sofa in full-grain leather with deep cushions.", "Oakline", "home/furniture/sofas", "899.00", "4.5", 120, true);
    static final ProductDocument VELVET_COUCH = doc(2, "Velvet Couch", "A soft two-seat couch in green velvet.", "Oakline", "home/furniture/sofas", "649.00", "4.0", 30, true);
    static final ProductDocument SOFA_TABLE = doc(3, "Console Table", "Narrow oak table to stand behind a sofa.", "Woodcraft", "home/furniture/tables", "149.00", "4.8", 900, true);
    static final ProductDocument TELEVISION = doc(4, "Ultra HD Television 55 inch", "Smart 4K screen with HDR and three HDMI ports.", "Vizio", "electronics/tv", "499.00", "4.2", 80, true);
    static final ProductDocument WALL_MOUNT = doc(5, "Wall Mount for Televisions", "Tilting bracket that fits screens from 32 to 65 inches.", "Mountit", "electronics/accessories", "39.99", "4.6", 2000, true);
    static final ProductDocument DESK_LAMP = doc(6, "Desk Lamp", "LED lamp with an adjustable arm.", "Lumo", "home/lighting/lamps", "24.99", "3.5", 10, false);
    static final ProductDocument FLOOR_LAMP = doc(7, "Floor Lamp Arc", "Arc floor lamp with a marble base.", "Lumo", "home/lighting/lamps", "119.00", "4.1", 40, true);
    static final ProductDocument RUNNING_SHOES = doc(8, "Running Shoes Pro", "Lightweight sneakers for road running, breathable mesh.", "Stride", "fashion/shoes", "89.00", "4.4", 500, true);
    static final ProductDocument CANVAS_SNEAKERS = doc(9, "Canvas Sneakers", "Classic low-top canvas shoes.", "Stride", "fashion/shoes", "49.99", null, 0, true);
    static final ProductDocument WALLET = doc(10, "Leather Wallet", "Slim wallet with six card slots.", "Oakline", "fashion/accessories", "25.00", "3.9", 15, true);
    static final List<ProductDocument> CATALOG = List.of(HAMPTON_SOFA, VELVET_COUCH, SOFA_TABLE, TELEVISION, WALL_MOUNT,
            DESK_LAMP, FLOOR_LAMP, RUNNING_SHOES, CANVAS_SNEAKERS, WALLET);

    @BeforeEach
    void createIndex() throws Exception {
        index = newIndex(clock);
        index.upsert(CATALOG);
    }

    // --- relevance ---------------------------------------------------------------------------

    @Test
    void exactTitleRanksFirst() {
        assertThat(first("Floor Lamp Arc")).isEqualTo(FLOOR_LAMP.id());
        // the running shoes say "sneakers" and are better reviewed, but the title names the canvas pair
        assertThat(first("canvas sneakers")).isEqualTo(CANVAS_SNEAKERS.id());
        assertThat(first("Ultra HD Television 55 inch")).isEqualTo(TELEVISION.id());
    }

    @Test
    void partialTitleRanksTheNamedProductFirst() {
        assertThat(first("hampton")).isEqualTo(HAMPTON_SOFA.id());
        assertThat(first("leather sofa")).isEqualTo(HAMPTON_SOFA.id());
        assertThat(first("wallet")).isEqualTo(WALLET.id());
    }

    @Test
    void synonymsFindProductsNamedTheOtherWay() {
        assertThat(ids("couch")).contains(HAMPTON_SOFA.id(), VELVET_COUCH.id());
        assertThat(first("leather couch")).isEqualTo(HAMPTON_SOFA.id());
        assertThat(ids("tv")).containsExactlyInAnyOrder(TELEVISION.id(), WALL_MOUNT.id());
        assertThat(ids("trainers")).containsExactlyInAnyOrder(RUNNING_SHOES.id(), CANVAS_SNEAKERS.id());
    }

    @Test
    void stemmingMatchesPluralsAndTitleOutranksDescription() {
        assertThat(ids("lamps")).containsExactly(FLOOR_LAMP.id(), DESK_LAMP.id());
        // "sofa" is in the title of the Hampton and only in the description of the console table
        assertThat(ids("sofa").indexOf(HAMPTON_SOFA.id())).isLessThan(ids("sofa").indexOf(SOFA_TABLE.id()));
    }

    @Test
    void everyWordMustMatchSomewhere() {
        assertThat(ids("leather wallet")).containsExactly(WALLET.id());
        assertThat(ids("velvet television")).isEmpty();
        assertThat(ids("oakline sofa")).containsExactlyInAnyOrder(HAMPTON_SOFA.id(), VELVET_COUCH.id());
    }

    @Test
    void inStockProductsRankAheadOfEqualMatchesOutOfStock() {
        // both lamps say "lamp" in title and description; the desk lamp cannot be bought now
        assertThat(first("lamp")).isEqualTo(FLOOR_LAMP.id());
    }

    @Test
    void blankTextListsEverythingRankedByBusinessBoost() {
        SearchResult all = index.query(SearchQuery.text(""));
        assertThat(all.total()).isEqualTo(CATALOG.size());
        assertThat(all.items()).hasSize(CATALOG.size());
        assertThat(all.items().getLast().id()).isEqualTo(Long.toString(DESK_LAMP.id()));
    }

    // --- filters -----------------------------------------------------------------------------

    @Test
    void categoryFilterIncludesDescendants() {
        assertThat(ids(SearchQuery.text("").withCategory("home"))).containsExactlyInAnyOrder(
                HAMPTON_SOFA.id(), VELVET_COUCH.id(), SOFA_TABLE.id(), DESK_LAMP.id(), FLOOR_LAMP.id());
        assertThat(ids(SearchQuery.text("").withCategory("home/furniture/sofas"))).containsExactlyInAnyOrder(HAMPTON_SOFA.id(), VELVET_COUCH.id());
        assertThat(ids(SearchQuery.text("").withCategory("home/furn"))).isEmpty();
    }

    @Test
    void brandFilterTakesSeveralBrandsByNameOrSlug() {
        assertThat(ids(SearchQuery.text("").withBrands(List.of("LUMO", "woodcraft")))).containsExactlyInAnyOrder(
                DESK_LAMP.id(), FLOOR_LAMP.id(), SOFA_TABLE.id());
        assertThat(ids(SearchQuery.text("lamp").withBrands(List.of("lumo")))).containsExactly(FLOOR_LAMP.id(), DESK_LAMP.id());
        assertThat(ids(SearchQuery.text("").withBrands(List.of("mountit-slug")))).containsExactly(WALL_MOUNT.id());
    }

    @Test
    void priceRangeBoundsAreInclusive() {
        assertThat(ids(SearchQuery.text("").withPrice(new BigDecimal("25"), new BigDecimal("89.00")))).containsExactlyInAnyOrder(
                WALLET.id(), WALL_MOUNT.id(), CANVAS_SNEAKERS.id(), RUNNING_SHOES.id());
        assertThat(ids(SearchQuery.text("").withPrice(null, new BigDecimal("24.99")))).containsExactly(DESK_LAMP.id());
        assertThat(ids(SearchQuery.text("").withPrice(new BigDecimal("600"), null))).containsExactlyInAnyOrder(HAMPTON_SOFA.id(), VELVET_COUCH.id());
    }

    @Test
    void minimumRatingLeavesOutLowerAndUnratedProducts() {
        assertThat(ids(SearchQuery.text("").withMinRating(new BigDecimal("4.5")))).containsExactlyInAnyOrder(
                HAMPTON_SOFA.id(), SOFA_TABLE.id(), WALL_MOUNT.id());
        assertThat(ids(SearchQuery.text("sneakers").withMinRating(BigDecimal.ZERO))).containsExactly(RUNNING_SHOES.id());
    }

    @Test
    void inStockFilterLeavesOutWhatCannotBeBought() {
        assertThat(ids(SearchQuery.text("lamp").withInStockOnly(true))).containsExactly(FLOOR_LAMP.id());
    }

    @Test
    void filtersCombine() {
        var query = SearchQuery.text("leather").withCategory("home").withPrice(new BigDecimal("100"), null).withMinRating(new BigDecimal("4"));
        assertThat(ids(query)).containsExactly(HAMPTON_SOFA.id());
    }

    // --- facets ------------------------------------------------------------------------------

    @Test
    void facetsCountTheFilteredResult() {
        SearchResult result = index.query(SearchQuery.text("").withCategory("home"));
        assertThat(result.facets().categories()).contains(
                new FacetCount("home", 5), new FacetCount("home/furniture", 3), new FacetCount("home/furniture/sofas", 2),
                new FacetCount("home/furniture/tables", 1), new FacetCount("home/lighting", 2), new FacetCount("home/lighting/lamps", 2));
        assertThat(result.facets().categories()).extracting(FacetCount::value).noneMatch(v -> v.startsWith("fashion") || v.startsWith("electronics"));
        assertThat(result.facets().brands()).containsExactly(new FacetCount("Lumo", 2), new FacetCount("Oakline", 2), new FacetCount("Woodcraft", 1));
        assertThat(result.facets().priceRanges()).extracting(SearchFacets.PriceRangeCount::key, SearchFacets.PriceRangeCount::count)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("<25", 1L), org.assertj.core.groups.Tuple.tuple("25-50", 0L),
                        org.assertj.core.groups.Tuple.tuple("50-100", 0L), org.assertj.core.groups.Tuple.tuple("100-200", 2L),
                        org.assertj.core.groups.Tuple.tuple(">200", 2L));
    }

    @Test
    void priceRangeFacetCoversTheWholeCatalog() {
        SearchResult result = index.query(SearchQuery.text(""));
        assertThat(result.facets().priceRanges()).extracting(SearchFacets.PriceRangeCount::count).containsExactly(1L, 3L, 1L, 2L, 3L);
        assertThat(result.facets().priceRanges().get(1).from()).isEqualByComparingTo("25");
        assertThat(result.facets().priceRanges().get(1).to()).isEqualByComparingTo("50");
    }

    @Test
    void selectedBrandStillShowsTheOtherBrandsCounts() {
        SearchResult result = index.query(SearchQuery.text("").withCategory("home").withBrands(List.of("Lumo")));
        assertThat(result.total()).isEqualTo(2);
        assertThat(result.items()).extracting(ProductSummary::brand).containsOnly("Lumo");
        assertThat(result.facets().brands()).containsExactly(new FacetCount("Lumo", 2), new FacetCount("Oakline", 2), new FacetCount("Woodcraft", 1));
        // the other facets follow the selection
        assertThat(result.facets().categories()).contains(new FacetCount("home", 2), new FacetCount("home/lighting/lamps", 2));
        assertThat(result.facets().categories()).extracting(FacetCount::value).doesNotContain("home/furniture");
    }

    // --- results and writes ------------------------------------------------------------------

    @Test
    void resultLinesCarryWhatAListShows() {
        ProductSummary line = index.query(SearchQuery.text("hampton")).items().getFirst();
        assertThat(line).isEqualTo(HAMPTON_SOFA.summary());
        ProductSummary unrated = index.query(SearchQuery.text("canvas")).items().getFirst();
        assertThat(unrated.rating()).isNull();
        assertThat(unrated.imageUrl()).isEqualTo("https://img.example/9.jpg");
    }

    @Test
    void upsertReplacesTheDocumentWithTheSameId() {
        index.upsert(List.of(doc(4, "Ultra HD Television 55 inch", "Smart 4K screen.", "Vizio", "electronics/tv", "379.00", "4.2", 80, false)));
        assertThat(index.count()).isEqualTo(CATALOG.size());
        ProductSummary tv = index.query(SearchQuery.text("television 55")).items().getFirst();
        assertThat(tv.price()).isEqualByComparingTo("379.00");
        assertThat(tv.inStock()).isFalse();
        assertThat(ids(SearchQuery.text("hdr"))).isEmpty();
    }

    @Test
    void deletedProductsLeaveTheIndex() {
        index.delete(List.of(HAMPTON_SOFA.id(), WALLET.id(), 999L));
        assertThat(index.count()).isEqualTo(CATALOG.size() - 2);
        assertThat(ids("leather")).isEmpty();
    }

    @Test
    void deleteIndexedBeforeDropsWhatAReindexDidNotTouch() {
        clock.advance(Duration.ofMinutes(1));
        Instant reindexStart = clock.instant();
        index.upsert(CATALOG.stream().filter(d -> d.id() != VELVET_COUCH.id() && d.id() != DESK_LAMP.id()).toList());
        index.deleteIndexedBefore(reindexStart);
        assertThat(index.count()).isEqualTo(CATALOG.size() - 2);
        assertThat(ids(SearchQuery.text(""))).doesNotContain(VELVET_COUCH.id(), DESK_LAMP.id());
    }

    @Test
    void pagesAreTwentyLongAndDoNotOverlap() {
        List<ProductDocument> many = new ArrayList<>();
        IntStream.rangeClosed(100, 144).forEach(i -> many.add(doc(i, "Garden Chair " + i, "Folding chair.", "Woodcraft", "garden/chairs", "30.00", "4.0", 5, true)));
        index.upsert(many);
        var first = index.query(SearchQuery.text("garden chair"));
        var second = index.query(SearchQuery.text("garden chair").withPage(1));
        var third = index.query(SearchQuery.text("garden chair").withPage(2));
        assertThat(first.total()).isEqualTo(45);
        assertThat(first.items()).hasSize(20);
        assertThat(second.items()).hasSize(20);
        assertThat(third.items()).hasSize(5);
        assertThat(third.page()).isEqualTo(2);
        Set<String> seen = new java.util.HashSet<>();
        List.of(first, second, third).forEach(page -> page.items().forEach(item -> assertThat(seen.add(item.id())).isTrue()));
        assertThat(seen).hasSize(45);
    }

    @Test
    void hostileTextIsJustText() {
        assertThat(index.query(SearchQuery.text("title:sofa AND (x OR \"y")).total()).isZero();
        assertThat(index.query(SearchQuery.text("sofa* ?~^ \\ / !")).items()).extracting(ProductSummary::id).contains(Long.toString(HAMPTON_SOFA.id()));
    }

    // --- helpers -----------------------------------------------------------------------------

    protected long first(String text) {
        List<Long> ids = ids(text);
        assertThat(ids).as("results for '%s'", text).isNotEmpty();
        return ids.getFirst();
    }

    protected List<Long> ids(String text) {
        return ids(SearchQuery.text(text));
    }

    protected List<Long> ids(SearchQuery query) {
        return index.query(query).items().stream().map(item -> Long.parseLong(item.id())).toList();
    }

    protected static ProductDocument doc(long id, String title, String description, String brand, String category,
                                         String price, String rating, int reviews, boolean inStock) {
        return new ProductDocument(id, "p-" + id, title, description, brand, brand.toLowerCase() + "-slug", category,
                new BigDecimal(price), "USD", rating == null ? null : new BigDecimal(rating), reviews, inStock,
                "https://img.example/" + id + ".jpg");
    }

    /** A clock the test moves by hand. */
    public static final class MutableClock extends Clock {

        private volatile Instant now;

        public MutableClock(Instant now) {
            this.now = now;
        }

        public void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
