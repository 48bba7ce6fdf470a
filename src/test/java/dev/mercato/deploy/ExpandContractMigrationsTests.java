package dev.mercato.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17: migrations are expand/contract, so blue (the release running) keeps working on the
 * schema green (the release coming) migrated. Two checks of every migration after the last
 * released one ({@code deploy/blue-green/released-version}):
 * <ul>
 *   <li>its SQL: no statement that drops, renames, retypes or tightens what exists, unless the
 *       file is a contract step naming a released expand migration ({@link ExpandContractMigrations});</li>
 *   <li>the schema itself, whatever the SQL looked like (a DO block, a function): migrated to the
 *       released version, then to the newest, every column the released schema had is still
 *       there with its type, nullability and default, no existing table gained a NOT NULL column
 *       without a default, and every unique key (what ON CONFLICT names) is still there.</li>
 * </ul>
 * Both are run on fixtures too (src/test/resources/migration-lint), so they are seen to fail.
 */
class ExpandContractMigrationsTests {

    private static final Path RELEASED_VERSION = Path.of("deploy/blue-green/released-version");
    private static final Pattern VERSION = Pattern.compile("V(\\d+)__.*\\.sql");

    private static EmbeddedPostgres server;

    @BeforeAll
    static void startServer() throws IOException {
        server = EmbeddedPostgres.builder().setDataDirectory(Files.createTempDirectory(Path.of("target"), "expand-contract-"))
                .setCleanDataDirectory(true).start();
    }

    @AfterAll
    static void stopServer() throws IOException {
        server.close();
    }

    static int releasedVersion() throws IOException {
        return Files.readAllLines(RELEASED_VERSION).stream().map(String::trim)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).map(Integer::parseInt).findFirst().orElseThrow();
    }

    @Test
    void migrationsAfterTheReleasedOneOnlyExpand() throws IOException {
        int released = releasedVersion();
        List<ExpandContractMigrations.Migration> unreleased = migrations("classpath*:db/migration/**/V*.sql").stream()
                .filter(migration -> migration.version() > released).toList();
        System.out.printf("expand-contract released=V%d unreleased=%s%n", released,
                unreleased.stream().map(ExpandContractMigrations.Migration::file).toList());
        assertThat(ExpandContractMigrations.check(unreleased, released))
                .as("statements of unreleased migrations that the running release (V" + released + ") may fail on;"
                        + " see deploy/blue-green/README.md, 'Migrations: expand, then contract'").isEmpty();
    }

    @Test
    void theReleasedSchemaStillHoldsAfterEveryUnreleasedMigration() throws Exception {
        int released = releasedVersion();
        assertThat(schemaBreaks("blue_green_main", released, "classpath:db/migration"))
                .as("what the released schema (V" + released + ") had and the newest no longer has").isEmpty();
    }

    @Test
    void theLintReportsEveryBreakingStatementOfABadMigration() throws IOException {
        var breaking = ExpandContractMigrations.check(migrations("classpath*:migration-lint/breaking/V*.sql"), 87);
        assertThat(breaking).extracting(ExpandContractMigrations.Breaking::line).containsExactly(4, 5, 6, 7, 8);
        assertThat(breaking).extracting(ExpandContractMigrations.Breaking::rule).containsExactly(
                "renames what the previous release uses",
                "changes a column's type",
                "makes a column NOT NULL that the previous release may leave empty",
                "adds a NOT NULL column without a default: the previous release's inserts leave it out",
                "drops what the previous release reads or writes");
    }

    @Test
    void theLintLetsExpandStepsAndReleasedContractStepsThrough() throws IOException {
        assertThat(ExpandContractMigrations.check(migrations("classpath*:migration-lint/expand/V*.sql"), 87)).isEmpty();
        var contract = migrations("classpath*:migration-lint/contract/V*.sql");
        assertThat(ExpandContractMigrations.check(contract, 87)).as("its expand step V88 is not released")
                .singleElement().extracting(ExpandContractMigrations.Breaking::rule).asString().contains("not released yet");
        assertThat(ExpandContractMigrations.check(contract, 88)).as("once V88 is released").isEmpty();
    }

    @Test
    void theSchemaComparisonReportsABadMigration() throws Exception {
        assertThat(schemaBreaks("blue_green_breaking", 87, "classpath:db/migration", "classpath:migration-lint/breaking"))
                .containsExactlyInAnyOrder(
                        "column orders.payment_method is gone (dropped or renamed)",
                        "column orders.payment_kind was added NOT NULL without a default to a table the released schema has",
                        "column order_lines.title changed type from text to varchar(200)",
                        "column orders.customer_id became NOT NULL",
                        "column carts.channel was added NOT NULL without a default to a table the released schema has",
                        "column order_lines.line_total is gone (dropped or renamed)");
        assertThat(schemaBreaks("blue_green_expand", 87, "classpath:db/migration", "classpath:migration-lint/expand")).isEmpty();
    }

    /** Migrates a new database to {@code released}, then to the newest of {@code locations}, and compares. */
    private static List<String> schemaBreaks(String database, int released, String... locations) throws SQLException {
        try (Connection admin = server.getPostgresDatabase().getConnection(); Statement sql = admin.createStatement()) {
            sql.execute("DROP DATABASE IF EXISTS " + database);
            sql.execute("CREATE DATABASE " + database);
        }
        String url = server.getJdbcUrl("postgres", database);
        Flyway.configure().dataSource(url, "postgres", "").locations(locations).target(String.valueOf(released)).load().migrate();
        Schema before = Schema.read(url);
        Flyway.configure().dataSource(url, "postgres", "").locations(locations).load().migrate();
        Schema after = Schema.read(url);
        return before.brokenBy(after);
    }

    private record Column(String type, boolean nullable, boolean hasDefault, boolean generated) {
    }

    private record Schema(Map<String, Column> columns, Set<String> tables, Set<String> uniqueKeys) {

        static Schema read(String url) throws SQLException {
            Map<String, Column> columns = new LinkedHashMap<>();
            Set<String> tables = new TreeSet<>();
            Set<String> uniqueKeys = new TreeSet<>();
            try (Connection connection = java.sql.DriverManager.getConnection(url, "postgres", "");
                 Statement sql = connection.createStatement()) {
                // tables and views of the public schema, not partitions (created per month) nor Flyway's own
                try (ResultSet rows = sql.executeQuery("""
                        SELECT c.table_name, c.column_name, format_type(a.atttypid, a.atttypmod), c.is_nullable = 'YES',
                               c.column_default IS NOT NULL, c.is_identity = 'YES' OR c.is_generated = 'ALWAYS'
                        FROM information_schema.columns c
                        JOIN pg_class k ON k.relname = c.table_name AND k.relnamespace = 'public'::regnamespace
                        JOIN pg_attribute a ON a.attrelid = k.oid AND a.attname = c.column_name
                        WHERE c.table_schema = 'public' AND NOT k.relispartition AND c.table_name <> 'flyway_schema_history'
                        ORDER BY 1, 2""")) {
                    while (rows.next()) {
                        tables.add(rows.getString(1));
                        columns.put(rows.getString(1) + "." + rows.getString(2), new Column(
                                rows.getString(3).replace("character varying", "varchar"), rows.getBoolean(4), rows.getBoolean(5), rows.getBoolean(6)));
                    }
                }
                try (ResultSet rows = sql.executeQuery("""
                        SELECT regexp_replace(pg_get_indexdef(i.indexrelid), 'INDEX \\S+ ON', 'INDEX ON')
                        FROM pg_index i JOIN pg_class k ON k.oid = i.indrelid
                        WHERE i.indisunique AND k.relnamespace = 'public'::regnamespace AND NOT k.relispartition
                          AND k.relname <> 'flyway_schema_history'""")) {
                    while (rows.next()) {
                        uniqueKeys.add(rows.getString(1));
                    }
                }
            }
            return new Schema(columns, tables, uniqueKeys);
        }

        List<String> brokenBy(Schema after) {
            List<String> broken = new ArrayList<>();
            columns.forEach((name, was) -> {
                Column now = after.columns.get(name);
                if (now == null) {
                    broken.add("column " + name + " is gone (dropped or renamed)");
                    return;
                }
                if (!now.type().equals(was.type())) {
                    broken.add("column " + name + " changed type from " + was.type() + " to " + now.type());
                }
                if (was.nullable() && !now.nullable()) {
                    broken.add("column " + name + " became NOT NULL");
                }
                if (was.hasDefault() && !now.hasDefault() && !now.nullable()) {
                    broken.add("column " + name + " lost the default the released inserts rely on");
                }
            });
            after.columns.forEach((name, now) -> {
                String table = name.substring(0, name.indexOf('.'));
                if (!columns.containsKey(name) && tables.contains(table) && !now.nullable() && !now.hasDefault() && !now.generated()) {
                    broken.add("column " + name + " was added NOT NULL without a default to a table the released schema has");
                }
            });
            uniqueKeys.stream().filter(key -> !after.uniqueKeys.contains(key))
                    .forEach(key -> broken.add("unique key gone: " + key));
            return broken;
        }
    }

    private static List<ExpandContractMigrations.Migration> migrations(String pattern) throws IOException {
        List<ExpandContractMigrations.Migration> migrations = new ArrayList<>();
        for (Resource resource : new PathMatchingResourcePatternResolver().getResources(pattern)) {
            Matcher version = VERSION.matcher(resource.getFilename());
            if (!version.matches()) {
                continue;
            }
            try (var in = resource.getInputStream()) {
                migrations.add(new ExpandContractMigrations.Migration(resource.getFilename(), Integer.parseInt(version.group(1)),
                        new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        migrations.sort(Comparator.comparingInt(ExpandContractMigrations.Migration::version));
        return migrations;
    }
}
