package dev.mercato.deploy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The expand/contract rule, read from a migration's SQL: during a blue-green cutover the release
 * still running (blue) works on the schema the new one (green) migrated, so a migration of a
 * release that is not out yet may only add (tables, nullable columns, columns with a default,
 * indexes, views). Anything the previous release could trip over, dropping, renaming, changing a
 * type, making a column NOT NULL, adding a NOT NULL column without a default to a table that
 * exists, is a contract step: it belongs to a later release than the one that stopped using the
 * old shape, and says so in its first lines with
 * {@code -- contract: expanded in V<n>: <why the previous release no longer uses it>}, where
 * V{@code n} is a migration already released.
 */
final class ExpandContractMigrations {

    /** A statement the previous release may fail on, where it is. */
    record Breaking(String file, int line, String rule, String statement) {
        @Override
        public String toString() {
            return file + ":" + line + " " + rule + ": " + statement;
        }
    }

    private record Rule(String name, Pattern pattern) {
    }

    private static final List<Rule> RULES = List.of(
            rule("drops what the previous release reads or writes",
                    "\\bDROP\\s+(TABLE|VIEW|MATERIALIZED\\s+VIEW|COLUMN|SCHEMA|FUNCTION|PROCEDURE|TYPE|SEQUENCE)\\b"),
            rule("drops a constraint the previous release may rely on (ON CONFLICT needs its unique key)", "\\bDROP\\s+CONSTRAINT\\b"),
            rule("drops a default the previous release's inserts rely on", "\\bDROP\\s+DEFAULT\\b"),
            rule("drops what the previous release reads or writes", "^ALTER\\s+TABLE\\b.*\\bDROP\\s+(?!NOT\\s+NULL\\b)\\w+"),
            rule("renames what the previous release uses", "\\bRENAME\\b"),
            rule("changes a column's type", "\\bALTER\\s+(COLUMN\\s+)?\\w+\\s+(SET\\s+DATA\\s+)?TYPE\\b"),
            rule("changes a type the previous release uses", "\\bALTER\\s+TYPE\\s+[\\w.\"]+\\s+(?!ADD\\s+VALUE\\b)"),
            rule("makes a column NOT NULL that the previous release may leave empty", "\\bSET\\s+NOT\\s+NULL\\b"),
            rule("empties a table", "\\bTRUNCATE\\b"));

    private static final Pattern ADD_COLUMN = Pattern.compile("\\bADD\\s+(COLUMN\\s+)?(IF\\s+NOT\\s+EXISTS\\s+)?(?!CONSTRAINT\\b|CHECK\\b|UNIQUE\\b|PRIMARY\\b|FOREIGN\\b|EXCLUDE\\b)\\w+\\s[^,]*");
    private static final Pattern ALTER_TABLE = Pattern.compile("^ALTER\\s+TABLE\\s+(IF\\s+EXISTS\\s+)?(ONLY\\s+)?([\\w.\"]+)");
    private static final Pattern CREATE_TABLE = Pattern.compile("^CREATE\\s+(UNLOGGED\\s+)?TABLE\\s+(IF\\s+NOT\\s+EXISTS\\s+)?([\\w.\"]+)");
    private static final Pattern CONTRACT = Pattern.compile("^--\\s*contract:\\s*expanded in V(\\d+)\\b", Pattern.CASE_INSENSITIVE | Pattern.MULTILINE);

    private ExpandContractMigrations() {
    }

    private static Rule rule(String name, String regex) {
        return new Rule(name, Pattern.compile(regex));
    }

    /** A migration file: its name and text. */
    record Migration(String file, int version, String sql) {
    }

    /**
     * The statements of {@code unreleased} migrations that break the previous release, apart from
     * those in contract steps that name a released expand migration ({@code released} or below).
     * Tables created by the unreleased migrations themselves are nobody's yet: anything goes on them.
     */
    static List<Breaking> check(List<Migration> unreleased, int released) {
        Set<String> newTables = new HashSet<>();
        List<Breaking> breaking = new ArrayList<>();
        for (Migration migration : unreleased) {
            for (Statement statement : statements(migration.sql())) {
                Matcher created = CREATE_TABLE.matcher(statement.text());
                if (created.find()) {
                    newTables.add(unquote(created.group(3)));
                }
            }
        }
        for (Migration migration : unreleased) {
            Matcher contract = CONTRACT.matcher(migration.sql().lines().limit(10).reduce("", (a, b) -> a + b + "\n"));
            if (contract.find()) {
                int expandedIn = Integer.parseInt(contract.group(1));
                if (expandedIn > released) {
                    breaking.add(new Breaking(migration.file(), 1, "contract step whose expand migration V" + expandedIn
                            + " is not released yet (released: V" + released + "); ship the contract step a release later", ""));
                }
                continue;
            }
            for (Statement statement : statements(migration.sql())) {
                String text = statement.text();
                Matcher altered = ALTER_TABLE.matcher(text);
                if (altered.find() && newTables.contains(unquote(altered.group(3)))) {
                    continue;
                }
                if (text.startsWith("DROP") && newTables.stream().anyMatch(table -> text.matches("^DROP\\s+TABLE\\s+(IF\\s+EXISTS\\s+)?" + Pattern.quote(table) + "\\b.*"))) {
                    continue;
                }
                for (Rule rule : RULES) {
                    if (rule.pattern().matcher(text).find()) {
                        breaking.add(new Breaking(migration.file(), statement.line(), rule.name(), text));
                        break;
                    }
                }
                if (altered.find(0)) {
                    Matcher added = ADD_COLUMN.matcher(text);
                    while (added.find()) {
                        String column = added.group();
                        if (column.matches(".*\\bNOT\\s+NULL\\b.*") && !column.matches(".*\\b(DEFAULT|GENERATED)\\b.*")) {
                            breaking.add(new Breaking(migration.file(), statement.line(),
                                    "adds a NOT NULL column without a default: the previous release's inserts leave it out", text));
                        }
                    }
                }
            }
        }
        return breaking;
    }

    private static String unquote(String name) {
        String bare = name.replace("\"", "");
        return bare.startsWith("PUBLIC.") ? bare.substring("PUBLIC.".length()) : bare;
    }

    /** A statement in upper case with comments removed and whitespace collapsed, and the line it starts on. */
    record Statement(int line, String text) {
    }

    /** Splits on semicolons outside quotes, dollar quotes and comments. */
    static List<Statement> statements(String sql) {
        List<Statement> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int line = 1;
        int startLine = -1;
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\n') {
                line++;
            }
            if (c == '-' && sql.startsWith("--", i)) {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? sql.length() : end;
                continue;
            }
            if (c == '/' && sql.startsWith("/*", i)) {
                int end = sql.indexOf("*/", i + 2);
                int stop = end < 0 ? sql.length() : end + 2;
                line += (int) sql.substring(i, stop).chars().filter(ch -> ch == '\n').count();
                i = stop;
                current.append(' ');
                continue;
            }
            if (startLine < 0 && !Character.isWhitespace(c) && c != ';') {
                startLine = line;
            }
            if (c == '\'' || c == '"') {
                int end = sql.indexOf(c, i + 1);
                int stop = end < 0 ? sql.length() : end + 1;
                String quoted = sql.substring(i, stop);
                line += (int) quoted.chars().filter(ch -> ch == '\n').count();
                // string contents are values, not statements: keep identifiers, blank out literals
                current.append(c == '"' ? quoted : "''");
                i = stop;
                continue;
            }
            if (c == '$') {
                Matcher tag = Pattern.compile("^\\$\\w*\\$").matcher(sql.substring(i, Math.min(sql.length(), i + 64)));
                if (tag.find()) {
                    int end = sql.indexOf(tag.group(), i + tag.group().length());
                    int stop = end < 0 ? sql.length() : end + tag.group().length();
                    String body = sql.substring(i, stop);
                    line += (int) body.chars().filter(ch -> ch == '\n').count();
                    // a function or DO body is SQL too: its statements are checked as part of this one
                    current.append(' ').append(body, tag.group().length(), Math.max(tag.group().length(), body.length() - tag.group().length())).append(' ');
                    i = stop;
                    continue;
                }
            }
            if (c == ';') {
                add(statements, current, startLine);
                current.setLength(0);
                startLine = -1;
            } else {
                current.append(c);
            }
            i++;
        }
        add(statements, current, startLine);
        return statements;
    }

    private static void add(List<Statement> statements, StringBuilder text, int line) {
        String normalised = text.toString().replaceAll("\\s+", " ").trim().toUpperCase(Locale.ROOT);
        if (!normalised.isEmpty()) {
            statements.add(new Statement(line, normalised));
        }
    }
}
