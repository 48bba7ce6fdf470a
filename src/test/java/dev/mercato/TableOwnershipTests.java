package dev.mercato;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Each table is read and written only by the module that creates it. {@code ModularityTests} sees
 * Java types, not SQL, so this test reads the SQL: a module owns what its migrations
 * ({@code db/migration/<module>/*.sql}) create with CREATE TABLE or CREATE VIEW, and neither its Java
 * code (string literals and text blocks under {@code dev/mercato/<module>/}) nor its migrations may
 * name another module's table after FROM, JOIN, INTO, UPDATE, REFERENCES, TABLE or TRUNCATE.
 *
 * <p>Exceptions are listed here, each with its reason, and kept short on purpose:
 * <ul>
 * <li>{@link #PUBLISHED_VIEWS}: read-only views a module publishes for named readers. Only a view can
 * be listed (a table cannot), so a reader never depends on a module's private columns.
 * <li>{@link #HARNESSES}: packages in main code that are not business modules.
 * </ul>
 * Platform tables ({@code jobs}, {@code job_errors}, {@code event_publication}) belong to platform:
 * other modules go through {@code platform.jobs.Jobs}, and {@code event_publication} is written by
 * Spring Modulith's registry on every module's behalf, which is library code this test does not scan.
 * Plain JUnit: no Spring context, no database.
 */
class TableOwnershipTests {

    private static final Path JAVA = Path.of("src/main/java/dev/mercato");
    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");

    /** view -> the modules allowed to read it (besides its owner). */
    private static final Map<String, Set<String>> PUBLISHED_VIEWS = Map.of(
            "searchable_products", Set.of("search", "recommendations"),
            "searchable_variants", Set.of("search", "recommendations"),
            "searchable_brands", Set.of("search", "recommendations"),
            "searchable_categories", Set.of("search", "recommendations"),
            "sellable_stock", Set.of("search", "recommendations"),
            "paid_order_lines", Set.of("recommendations"));

    /** package -> why it may read any table. */
    private static final Map<String, String> HARNESSES = Map.of(
            "bench", "the load benchmarks check their invariants (oversell, leaked holds) against the database itself, "
                    + "as the concurrency tests do, because a facade's answer is what is being measured; they only read");

    private static final Pattern CREATED = Pattern.compile(
            "\\bCREATE\\s+(?:OR\\s+REPLACE\\s+)?(TABLE|VIEW)\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(\\w+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern SQL_COMMENT = Pattern.compile("--[^\\n]*");

    @Test
    void noModuleNamesAnotherModulesTableInItsCodeOrMigrations() {
        Map<String, Owned> owners = owners();
        Pattern used = usePattern(owners.keySet());
        List<String> violations = new ArrayList<>();
        for (Path file : files(JAVA, ".java")) {
            String module = module(JAVA.relativize(file));
            if (module == null || HARNESSES.containsKey(module)) {
                continue;
            }
            for (SqlText text : JavaStrings.of(read(file))) {
                check(module, file, text, used, owners, violations);
            }
        }
        for (Path file : files(MIGRATIONS, ".sql")) {
            String module = MIGRATIONS.relativize(file).getName(0).toString();
            check(module, file, new SqlText(1, SQL_COMMENT.matcher(read(file)).replaceAll("")), used, owners, violations);
        }
        assertThat(violations).as("SQL naming another module's table (module, file, table)").isEmpty();
    }

    @Test
    void onlyViewsAreAllowListedAndEachIsCreatedByItsOwner() {
        Map<String, Owned> owners = owners();
        PUBLISHED_VIEWS.forEach((view, readers) -> {
            assertThat(owners).as("published view %s is created by some migration", view).containsKey(view);
            assertThat(owners.get(view).kind()).as("%s is allow-listed but is a %s", view, owners.get(view).kind())
                    .isEqualTo("view");
            assertThat(readers).as("%s's readers", view).doesNotContain(owners.get(view).module());
        });
    }

    /** The scanner must see what it looks for, or the first test would pass on any code. */
    @Test
    void theScannerSeesEachModulesUseOfItsOwnTables() {
        Map<String, Owned> owners = owners();
        assertThat(owners).containsEntry("products", new Owned("catalog", "table"))
                .containsEntry("stock", new Owned("inventory", "table")).containsEntry("jobs", new Owned("platform", "table"));
        Pattern used = usePattern(owners.keySet());
        Map<String, Set<String>> seen = new TreeMap<>();
        for (Path file : files(JAVA, ".java")) {
            String module = module(JAVA.relativize(file));
            for (SqlText text : JavaStrings.of(read(file))) {
                Matcher m = used.matcher(text.text());
                while (m.find()) {
                    seen.computeIfAbsent(module, k -> new java.util.TreeSet<>()).add(m.group(1).toLowerCase(Locale.ROOT));
                }
            }
        }
        assertThat(seen.get("catalog")).contains("products", "product_variants", "brands", "categories");
        assertThat(seen.get("inventory")).contains("stock", "holds", "warehouses", "stock_movements");
        assertThat(seen.get("search")).contains("searchable_products", "sellable_stock");
    }

    private static void check(String module, Path file, SqlText text, Pattern used, Map<String, Owned> owners,
            List<String> violations) {
        Matcher m = used.matcher(text.text());
        while (m.find()) {
            String table = m.group(1).toLowerCase(Locale.ROOT);
            Owned owner = owners.get(table);
            if (owner.module().equals(module) || PUBLISHED_VIEWS.getOrDefault(table, Set.of()).contains(module)) {
                continue;
            }
            int line = text.line() + (int) text.text().substring(0, m.start()).chars().filter(c -> c == '\n').count();
            violations.add("module %s, %s:%d, %s %s (owned by %s)".formatted(module, file, line, owner.kind(), table,
                    owner.module()));
        }
    }

    private static Pattern usePattern(Set<String> tables) {
        return Pattern.compile("\\b(?:FROM|JOIN|INTO|UPDATE|REFERENCES|TABLE|TRUNCATE)\\s+(?:ONLY\\s+)?(?:IF\\s+EXISTS\\s+)?("
                + String.join("|", tables) + ")\\b", Pattern.CASE_INSENSITIVE);
    }

    private static Map<String, Owned> owners() {
        Map<String, Owned> owners = new TreeMap<>();
        for (Path file : files(MIGRATIONS, ".sql")) {
            String module = MIGRATIONS.relativize(file).getName(0).toString();
            Matcher m = CREATED.matcher(SQL_COMMENT.matcher(read(file)).replaceAll(""));
            while (m.find()) {
                Owned previous = owners.put(m.group(2).toLowerCase(Locale.ROOT),
                        new Owned(module, m.group(1).toLowerCase(Locale.ROOT)));
                assertThat(previous).as("%s is created by %s and %s", m.group(2), previous, module).isNull();
            }
        }
        return owners;
    }

    /** The module of a source path relative to dev/mercato, or null for the application class itself. */
    private static String module(Path relative) {
        return relative.getNameCount() < 2 ? null : relative.getName(0).toString();
    }

    private static List<Path> files(Path root, String suffix) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Owned(String module, String kind) {
    }

    /** The text of one string literal or text block, and the line it starts on. */
    record SqlText(int line, String text) {
    }

    /**
     * The string literals and text blocks of a Java source, with comments skipped (Javadoc says
     * "folded into stock" without being SQL). Escapes are kept as written: SQL identifiers never
     * need them.
     */
    static final class JavaStrings {

        static List<SqlText> of(String source) {
            List<SqlText> found = new ArrayList<>();
            int line = 1;
            int i = 0;
            while (i < source.length()) {
                char c = source.charAt(i);
                if (c == '\n') {
                    line++;
                    i++;
                } else if (source.startsWith("//", i)) {
                    i = source.indexOf('\n', i) < 0 ? source.length() : source.indexOf('\n', i);
                } else if (source.startsWith("/*", i)) {
                    int end = source.indexOf("*/", i + 2);
                    end = end < 0 ? source.length() : end + 2;
                    line += count(source, i, end);
                    i = end;
                } else if (source.startsWith("\"\"\"", i)) {
                    int end = closing(source, i + 3, "\"\"\"");
                    found.add(new SqlText(line, source.substring(i + 3, end)));
                    line += count(source, i, end);
                    i = Math.min(source.length(), end + 3);
                } else if (c == '"' || c == '\'') {
                    int end = closing(source, i + 1, String.valueOf(c));
                    if (c == '"') {
                        found.add(new SqlText(line, source.substring(i + 1, end)));
                    }
                    i = Math.min(source.length(), end + 1);
                } else {
                    i++;
                }
            }
            return found;
        }

        private static int closing(String source, int from, String quote) {
            int i = from;
            while (i < source.length() && !source.startsWith(quote, i)) {
                i += source.charAt(i) == '\\' ? 2 : 1;
            }
            return Math.min(i, source.length());
        }

        private static int count(String source, int from, int to) {
            return (int) source.substring(from, to).chars().filter(ch -> ch == '\n').count();
        }
    }
}
