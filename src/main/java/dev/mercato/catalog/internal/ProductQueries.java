package dev.mercato.catalog.internal;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import dev.mercato.catalog.CategoryNode;
import dev.mercato.catalog.ProductDetails;
import dev.mercato.catalog.ProductId;
import dev.mercato.catalog.ListedProduct;
import dev.mercato.catalog.ProductSummary;
import dev.mercato.catalog.SkuInfo;
import dev.mercato.catalog.StockLevels;
import dev.mercato.platform.database.ReplicaReads;
import dev.mercato.platform.database.SlowQueries;

/**
 * Read side of the catalog: keyset-paginated browse and product pages. Product pages are catalog data
 * only; browse summaries still ask {@link StockLevels} for {@code inStock}. Browse listings are read
 * from the read replica when one is configured ({@link ReplicaReads}): they are not cached, so a
 * listing at most the replica's lag limit old is all they risk. Product pages stay on the primary
 * because they are cached when a write invalidates them, and a stale page read then would stay.
 */
@Component
class ProductQueries {

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final ObjectProvider<StockLevels> stock;
    private final ReplicaReads replicaReads;
    private final SlowQueries.SlowQuery browseQuery;

    ProductQueries(JdbcClient jdbc, JsonMapper json, ObjectProvider<StockLevels> stock, ReplicaReads replicaReads,
            SlowQueries slowQueries) {
        this.jdbc = jdbc;
        this.json = json;
        this.stock = stock;
        this.replicaReads = replicaReads;
        this.browseQuery = slowQueries.named("catalog.browse");
    }

    /**
     * Active products after {@code afterId} in id order, optionally within category subtree ids and
     * one brand. Fetches one row more than asked to learn whether another page exists.
     */
    List<ProductSummary> browse(List<Long> categoryIds, Long brandId, long afterId, int limit) {
        List<ListedProduct> rows = listing(categoryIds, brandId, afterId, limit, true);
        if (stock.getIfAvailable() == null) {
            return rows.stream().map(ListedProduct::summary).toList();
        }
        Map<String, Long> available = available(rows.stream().flatMap(r -> r.skus().stream()).toList());
        return rows.stream().map(row -> row.withStock(available)).toList();
    }

    /**
     * Like {@link #browse} from catalog data alone: {@code inStock} null, each product's active SKUs beside it.
     * {@code mayLag}: from the read replica when one is configured and usable; otherwise the primary.
     */
    List<ListedProduct> listing(List<Long> categoryIds, Long brandId, long afterId, int limit, boolean mayLag) {
        String sql = browseSql(categoryIds != null, brandId != null);
        return browseQuery.time(sql, () -> mayLag ? replicaReads.read(reads -> listed(reads, sql, categoryIds, brandId, afterId, limit))
                : listed(jdbc, sql, categoryIds, brandId, afterId, limit));
    }

    private static List<ListedProduct> listed(JdbcClient reads, String sql, List<Long> categoryIds, Long brandId, long afterId,
            int limit) {
        var spec = reads.sql(sql).param("afterId", afterId).param("limit", limit + 1);
        if (categoryIds != null) {
            spec = spec.param("categoryIds", categoryIds.toArray(Long[]::new));
        }
        if (brandId != null) {
            spec = spec.param("brandId", brandId);
        }
        return spec.query((rs, n) -> listed(rs)).list();
    }

    /** The browse statement; each filter combination is served by its own partial index (see V4). */
    static String browseSql(boolean byCategory, boolean byBrand) {
        return """
                SELECT p.id, p.slug, p.title, b.name AS brand, c.path AS category, p.rating, p.review_count,
                       p.media ->> 0 AS image_url, v.price, v.currency,
                       (SELECT array_agg(sku) FROM product_variants WHERE product_id = p.id AND active) AS skus
                FROM products p
                JOIN brands b ON b.id = p.brand_id
                JOIN categories c ON c.id = p.category_id
                LEFT JOIN LATERAL (SELECT price, currency FROM product_variants
                                   WHERE product_id = p.id AND active ORDER BY price LIMIT 1) v ON TRUE
                WHERE p.active AND p.id > :afterId %s %s
                ORDER BY p.id
                LIMIT :limit""".formatted(byCategory ? "AND p.category_id = ANY (:categoryIds)" : "",
                byBrand ? "AND p.brand_id = :brandId" : "");
    }

    Optional<ProductDetails> details(String idOrSlug) {
        String column = idOrSlug.chars().allMatch(Character::isDigit) ? "p.id = :id::bigint" : "p.slug = :id";
        if (idOrSlug.length() > 19 && column.startsWith("p.id")) {
            return Optional.empty();
        }
        Optional<ProductDetails> product = jdbc.sql("""
                SELECT p.*, b.name AS brand, c.path AS category FROM products p
                JOIN brands b ON b.id = p.brand_id JOIN categories c ON c.id = p.category_id
                WHERE %s AND p.active""".formatted(column))
                .param("id", idOrSlug)
                .query((rs, n) -> new ProductDetails(rs.getString("id"), rs.getString("slug"), rs.getString("title"),
                        rs.getString("description"), rs.getString("brand"), rs.getString("category"),
                        json.readValue(rs.getString("attributes"), OBJECT), json.readValue(rs.getString("media"), STRINGS),
                        rs.getBigDecimal("rating"), rs.getInt("review_count"), rs.getBoolean("active"),
                        rs.getLong("version"), rs.getTimestamp("updated_at").toInstant(), List.of()))
                .optional();
        return product.map(this::withVariants);
    }

    List<String> sellableSkusAfter(String after, int limit) {
        return jdbc.sql("""
                SELECT v.sku FROM product_variants v JOIN products p ON p.id = v.product_id
                WHERE v.active AND p.active AND v.sku > :after ORDER BY v.sku LIMIT :limit""")
                .param("after", after == null ? "" : after).param("limit", limit).query(String.class).list();
    }

    Map<String, SkuInfo> skus(Collection<String> skus) {
        Map<String, SkuInfo> found = new java.util.HashMap<>();
        jdbc.sql("""
                SELECT v.sku, v.product_id, v.title, v.price, v.currency, v.active AND p.active AS sellable
                FROM product_variants v JOIN products p ON p.id = v.product_id
                WHERE v.sku = ANY (:skus)""")
                .param("skus", skus.toArray(String[]::new))
                .query(rs -> {
                    found.put(rs.getString("sku"), new SkuInfo(rs.getString("sku"), new ProductId(rs.getLong("product_id")),
                            rs.getString("title"), rs.getBigDecimal("price"), rs.getString("currency"), rs.getBoolean("sellable")));
                });
        return found;
    }

    Map<String, String> categoryPaths(Collection<String> skus) {
        Map<String, String> found = new java.util.HashMap<>();
        jdbc.sql("""
                SELECT v.sku, c.path FROM product_variants v JOIN products p ON p.id = v.product_id
                JOIN categories c ON c.id = p.category_id WHERE v.sku = ANY (:skus)""")
                .param("skus", skus.toArray(String[]::new))
                .query(rs -> {
                    found.put(rs.getString("sku"), rs.getString("path"));
                });
        return found;
    }

    private ProductDetails withVariants(ProductDetails product) {
        record VariantRow(String sku, String title, BigDecimal price, String currency, String attributes) {
        }
        List<VariantRow> variants = jdbc.sql("""
                SELECT sku, title, price, currency, attributes FROM product_variants
                WHERE product_id = :id AND active ORDER BY position""")
                .param("id", Long.parseLong(product.id()))
                .query(VariantRow.class).list();
        List<ProductDetails.Variant> shown = variants.stream().map(v -> new ProductDetails.Variant(v.sku(), v.title(),
                v.price(), v.currency(), json.readValue(v.attributes(), OBJECT), null)).toList();
        return new ProductDetails(product.id(), product.slug(), product.title(), product.description(), product.brand(),
                product.category(), product.attributes(), product.media(), product.rating(), product.reviewCount(),
                product.active(), product.version(), product.updatedAt(), shown);
    }

    private Map<String, Long> available(Collection<String> skus) {
        StockLevels levels = stock.getIfAvailable();
        return levels == null || skus.isEmpty() ? Map.of() : levels.available(skus);
    }

    private static ListedProduct listed(ResultSet rs) throws SQLException {
        var skus = rs.getArray("skus");
        return new ListedProduct(new ProductSummary(rs.getString("id"), rs.getString("slug"), rs.getString("title"), rs.getString("brand"),
                rs.getString("category"), rs.getBigDecimal("price"), rs.getString("currency"), rs.getBigDecimal("rating"),
                rs.getInt("review_count"), null, rs.getString("image_url")),
                skus == null ? List.of() : List.of((String[]) skus.getArray()));
    }

    /** The whole category tree, roots first, children sorted by name. */
    List<CategoryNode> categoryTree(List<Categories.Category> all) {
        Map<Long, CategoryNode> nodes = new LinkedHashMap<>();
        all.forEach(c -> nodes.put(c.id(), new CategoryNode(Long.toString(c.id()), c.name(), c.path(), new ArrayList<>())));
        List<CategoryNode> roots = new ArrayList<>();
        for (Categories.Category c : all) {
            CategoryNode node = nodes.get(c.id());
            if (c.parentId() == null) {
                roots.add(node);
            } else {
                nodes.get(c.parentId()).children().add(node);
            }
        }
        nodes.values().forEach(n -> n.children().sort(java.util.Comparator.comparing(CategoryNode::name)));
        roots.sort(java.util.Comparator.comparing(CategoryNode::name));
        return roots;
    }
}
