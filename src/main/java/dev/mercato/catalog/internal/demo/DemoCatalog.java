package dev.mercato.catalog.internal.demo;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

import dev.mercato.catalog.internal.ProductDraft;

/**
 * Generates a believable catalog: products spread over ~230 categories and 240 brands, with
 * titles, descriptions, attributes, variants and prices that look like a real shop's. Popularity is
 * Zipf-like (a few products get most reviews), as in real shops, so caches and benchmarks see the
 * skew they would see in production. Deterministic for a given seed.
 */
public final class DemoCatalog implements Iterable<ProductDraft> {

    private static final String[] BRAND_HEADS = {"Nord", "Alta", "Lumi", "Vero", "Oak", "Brio", "Kali", "Zen", "Mori",
            "Sol", "Aero", "Terra", "Nova", "Fjor", "Casa", "Pico", "Rive", "Hale", "Opal", "Ember"};
    private static final String[] BRAND_TAILS = {"lys", "via", "na", "tek", "wood", "ra", "mo", "line", "works", "ly",
            "craft", "form"};
    private static final String[] ADJECTIVES = {"Essential", "Premium", "Everyday", "Signature", "Studio", "Urban",
            "Heritage", "Compact", "Deluxe", "Pure", "Bold", "Nordic"};
    private static final String[] COLORS = {"Black", "White", "Grey", "Navy", "Sage", "Sand", "Terracotta", "Olive"};
    private static final String[] SIZES = {"S", "M", "L", "XL"};
    private static final double ZIPF_EXPONENT = 1.07;

    private final int count;
    private final long seed;
    private final List<String[]> leaves = new ArrayList<>();
    private final List<String> brands = new ArrayList<>();

    public DemoCatalog(int count, long seed) {
        this.count = count;
        this.seed = seed;
        for (DemoDepartments.Department department : DemoDepartments.ALL) {
            department.sections().forEach((section, leafSlugs) -> leafSlugs.forEach(leaf ->
                    leaves.add(new String[] {department.slug(), section, leaf})));
        }
        leaves.sort(java.util.Comparator.comparing(l -> String.join("/", l)));
        for (String head : BRAND_HEADS) {
            for (String tail : BRAND_TAILS) {
                brands.add(head + tail);
            }
        }
    }

    public int size() {
        return count;
    }

    @Override
    public Iterator<ProductDraft> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < count;
            }

            @Override
            public ProductDraft next() {
                if (next >= count) {
                    throw new NoSuchElementException();
                }
                return product(next++);
            }
        };
    }

    /** Product {@code n} (0-based); the same n always gives the same product. */
    public ProductDraft product(int n) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + n);
        String[] leaf = leaves.get(random.nextInt(leaves.size()));
        DemoDepartments.Department department = DemoDepartments.ALL.stream()
                .filter(d -> d.slug().equals(leaf[0])).findFirst().orElseThrow();
        String brand = brands.get(zipfIndex(random, brands.size()));
        String noun = singular(display(leaf[2]));
        String material = pick(random, department.materials());
        String feature = pick(random, department.features());
        String adjective = ADJECTIVES[random.nextInt(ADJECTIVES.length)];
        String model = (char) ('A' + random.nextInt(26)) + Integer.toString(100 + random.nextInt(900));
        String title = brand + " " + adjective + " " + feature + " " + material + " " + noun + " " + model;

        int popularityRank = popularityRank(n);
        int reviewCount = (int) Math.max(0, Math.round(4000 / Math.pow(popularityRank, 0.8) + random.nextInt(6) - 3));
        BigDecimal rating = reviewCount == 0 ? null
                : BigDecimal.valueOf(Math.min(5.0, 3.2 + random.nextDouble() * 1.6 + (popularityRank < 100 ? 0.3 : 0)))
                        .setScale(1, RoundingMode.HALF_UP);

        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("material", material);
        attributes.put("feature", feature);
        attributes.put("weightKg", BigDecimal.valueOf(0.1 + random.nextDouble() * 20).setScale(2, RoundingMode.HALF_UP));
        attributes.put("warrantyYears", 1 + random.nextInt(5));
        attributes.put("madeIn", pick(random, List.of("Portugal", "Germany", "Vietnam", "Denmark", "Mexico", "Japan", "USA")));

        BigDecimal basePrice = price(random, department.basePrice());
        String skuBase = brand.substring(0, 3).toUpperCase(Locale.ROOT) + "-" + String.format("%07d", n);
        List<ProductDraft.VariantDraft> variants = variants(random, leaf[0], skuBase, title, basePrice);

        String description = "The " + title + " is a " + feature.toLowerCase(Locale.ROOT) + " "
                + noun.toLowerCase(Locale.ROOT) + " made from " + material.toLowerCase(Locale.ROOT) + " by " + brand + ". "
                + pick(random, List.of("Designed for daily use and built to last.", "A favourite with reviewers for its value.",
                        "Thoughtfully made with replaceable parts.", "Tested for years of heavy use.",
                        "Ships in plastic-free packaging."))
                + " Backed by a " + attributes.get("warrantyYears") + "-year warranty.";
        List<String> media = List.of("https://cdn.mercato.example/products/" + n + "/1.jpg",
                "https://cdn.mercato.example/products/" + n + "/2.jpg");
        return new ProductDraft(title, null, description, brand, String.join("/", leaf), attributes, media, rating,
                reviewCount, variants);
    }

    private List<ProductDraft.VariantDraft> variants(SplittableRandom random, String department, String skuBase,
            String title, BigDecimal basePrice) {
        List<ProductDraft.VariantDraft> variants = new ArrayList<>();
        if (department.equals("fashion")) {
            String color = COLORS[random.nextInt(COLORS.length)];
            for (int i = 0; i < 1 + random.nextInt(SIZES.length); i++) {
                variants.add(new ProductDraft.VariantDraft(skuBase + "-" + SIZES[i], title + ", " + color + ", " + SIZES[i],
                        basePrice, "USD", Map.of("size", SIZES[i], "color", color)));
            }
        } else {
            int colors = random.nextInt(10) < 6 ? 1 : 2 + random.nextInt(2);
            for (int i = 0; i < colors; i++) {
                String color = COLORS[(i + random.nextInt(COLORS.length)) % COLORS.length];
                BigDecimal price = i == 0 ? basePrice : basePrice.add(BigDecimal.valueOf(5L * i));
                variants.add(new ProductDraft.VariantDraft(skuBase + "-" + (i + 1), title + ", " + color, price, "USD",
                        Map.of("color", color)));
            }
        }
        return variants;
    }

    /** Log-normal around the department's typical price, ending in .99 like shop prices do. */
    private static BigDecimal price(SplittableRandom random, double base) {
        double gaussian = Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
        double value = Math.max(3, base * Math.exp(0.6 * gaussian));
        return BigDecimal.valueOf(Math.floor(value)).add(new BigDecimal("0.99"));
    }

    /** Index in [0, n) drawn with probability roughly proportional to 1/(i+1)^s (inverse-CDF approximation). */
    private static int zipfIndex(SplittableRandom random, int n) {
        double u = random.nextDouble();
        double s = ZIPF_EXPONENT;
        double value = Math.pow((Math.pow(n, 1 - s) - 1) * u + 1, 1 / (1 - s));
        return Math.min(n - 1, Math.max(0, (int) value - 1));
    }

    /**
     * Rank 1..count, each rank used once: multiplying by a prime that does not divide the count
     * permutes the products, so popularity is spread over categories instead of following ids.
     */
    private int popularityRank(int n) {
        long prime = 1_000_003L;
        return count % prime == 0 ? n + 1 : (int) ((n * prime + seed) % count) + 1;
    }

    private static String pick(SplittableRandom random, List<String> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static String display(String slug) {
        StringBuilder out = new StringBuilder();
        for (String word : slug.split("-")) {
            out.append(out.isEmpty() ? "" : " ").append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        return out.toString();
    }

    private static String singular(String noun) {
        if (noun.endsWith("ies")) {
            return noun.substring(0, noun.length() - 3) + "y";
        }
        if (noun.endsWith("ches") || noun.endsWith("shes") || noun.endsWith("sses")) {
            return noun.substring(0, noun.length() - 2);
        }
        if (noun.endsWith("s") && !noun.endsWith("ss")) {
            return noun.substring(0, noun.length() - 1);
        }
        return noun;
    }
}
