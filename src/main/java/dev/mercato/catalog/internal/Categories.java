package dev.mercato.catalog.internal;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The category tree. Ids of known paths are kept in memory: an import of a million products names
 * a few hundred categories, and asking PostgreSQL for each line would dominate the import. Only
 * committed rows enter the map, since {@link #ensure} runs outside the caller's transaction.
 */
@Repository
class Categories {

    private final JdbcClient jdbc;
    private final Map<String, Long> idsByPath = new ConcurrentHashMap<>();

    Categories(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Category(long id, Long parentId, String name, String path) {
    }

    /** Creates every missing category on the given paths (and their ancestors); returns path -> id. */
    Map<String, Long> ensure(Collection<String> paths) {
        Map<String, Long> ids = new java.util.HashMap<>();
        for (String path : paths) {
            for (String ancestor : CategoryPaths.withAncestors(path)) {
                ids.computeIfAbsent(ancestor, this::ensureOne);
            }
        }
        return ids;
    }

    private long ensureOne(String path) {
        Long known = idsByPath.get(path);
        if (known != null) {
            return known;
        }
        String parent = CategoryPaths.parent(path);
        Long parentId = parent == null ? null : ensureOne(parent);
        jdbc.sql("""
                INSERT INTO categories (parent_id, name, path, depth) VALUES (:parentId, :name, :path, :depth)
                ON CONFLICT (path) DO NOTHING""")
                .param("parentId", parentId).param("name", CategoryPaths.displayName(path)).param("path", path)
                .param("depth", CategoryPaths.withAncestors(path).size())
                .update();
        long id = jdbc.sql("SELECT id FROM categories WHERE path = :path").param("path", path).query(Long.class).single();
        idsByPath.put(path, id);
        return id;
    }

    /** Ids of the category at {@code path} and all its descendants; empty when the path is unknown. */
    List<Long> subtreeIds(String path) {
        return jdbc.sql("SELECT id FROM categories WHERE path = :path OR path LIKE :prefix")
                .param("path", path).param("prefix", path.replace("%", "").replace("_", "\\_") + "/%")
                .query(Long.class).list();
    }

    List<Category> all() {
        return jdbc.sql("SELECT id, parent_id, name, path FROM categories ORDER BY path").query(Category.class).list();
    }
}
