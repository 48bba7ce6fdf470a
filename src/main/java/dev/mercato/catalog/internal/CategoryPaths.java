package dev.mercato.catalog.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Category paths such as {@code home/lighting/lamps}: at most six levels of slugs. */
final class CategoryPaths {

    static final String PATTERN = "[a-z0-9]+(-[a-z0-9]+)*(/[a-z0-9]+(-[a-z0-9]+)*){0,5}";

    private CategoryPaths() {
    }

    /** {@code a/b/c} -> {@code [a, a/b, a/b/c]}: every ancestor, root first. */
    static List<String> withAncestors(String path) {
        List<String> paths = new ArrayList<>();
        int slash = -1;
        while ((slash = path.indexOf('/', slash + 1)) > 0) {
            paths.add(path.substring(0, slash));
        }
        paths.add(path);
        return paths;
    }

    /** The last segment as a name: {@code home/floor-lamps} -> {@code Floor Lamps}. */
    static String displayName(String path) {
        String leaf = path.substring(path.lastIndexOf('/') + 1);
        StringBuilder name = new StringBuilder();
        for (String word : leaf.split("-")) {
            if (!name.isEmpty()) {
                name.append(' ');
            }
            name.append(word.substring(0, 1).toUpperCase(Locale.ROOT)).append(word.substring(1));
        }
        return name.toString();
    }

    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? null : path.substring(0, slash);
    }
}
