package dev.mercato.search.lucene;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TopHitsTests {

    @Test
    void keepsTheBestByScoreThenLowerProductIdWhateverTheArrivalOrder() {
        var random = new SplittableRandom(3);
        for (int round = 0; round < 200; round++) {
            int size = 1 + random.nextInt(30);
            var top = new TopHits(size);
            List<TopHits.Hit> all = new ArrayList<>();
            int offered = random.nextInt(200);
            for (int doc = 0; doc < offered; doc++) {
                // few distinct scores, so ties are common and the id decides
                var hit = new TopHits.Hit(doc, random.nextLong(1_000_000), random.nextInt(8) / 4f);
                all.add(hit);
                top.offer(hit.doc(), hit.productId(), hit.score());
            }
            List<TopHits.Hit> expected = all.stream()
                    .sorted(Comparator.comparingDouble(TopHits.Hit::score).reversed().thenComparingLong(TopHits.Hit::productId))
                    .limit(size).toList();

            assertThat(top.best()).extracting(TopHits.Hit::productId, TopHits.Hit::score)
                    .containsExactlyElementsOf(expected.stream().map(h -> org.assertj.core.groups.Tuple.tuple(h.productId(), h.score())).toList());
        }
    }

    @Test
    void mergingTwoPartsEqualsOfferingEverythingToOne() {
        var left = new TopHits(5);
        var right = new TopHits(5);
        var whole = new TopHits(5);
        for (int doc = 0; doc < 40; doc++) {
            float score = (doc * 7 % 13) / 3f;
            (doc % 2 == 0 ? left : right).offer(doc, 1000 - doc, score);
            whole.offer(doc, 1000 - doc, score);
        }
        left.addAll(right);

        assertThat(left.best()).containsExactly(whole.best());
    }

    @Test
    void sizeZeroKeepsNothing() {
        var top = new TopHits(0);
        top.offer(1, 1, 1f);
        assertThat(top.best()).isEmpty();
    }
}
