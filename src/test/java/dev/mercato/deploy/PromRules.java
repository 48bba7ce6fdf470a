package dev.mercato.deploy;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads the alert rules and the dashboard, and the metric names their PromQL expressions use. */
final class PromRules {

    record Alert(String name, String expr) {
    }

    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
            "ignoring", "group_left", "group_right", "inf", "nan");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.$])([a-zA-Z_:][a-zA-Z0-9_:]*)(?![\\w(])(?!\\s*\\()");

    private PromRules() {
    }

    @SuppressWarnings("unchecked")
    static List<Alert> alerts(Path rules) throws IOException {
        List<Alert> alerts = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(rules)) {
            Map<String, Object> file = new Yaml().load(reader);
            for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
                for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                    alerts.add(new Alert((String) rule.get("alert"), (String) rule.get("expr")));
                }
            }
        }
        return alerts;
    }

    /** Every {@code expr} of every panel target of a Grafana dashboard. */
    static List<String> dashboardExpressions(Path dashboard) throws IOException {
        JsonNode root = JsonMapper.builder().build().readTree(Files.readString(dashboard));
        List<String> exprs = new ArrayList<>();
        for (JsonNode panel : root.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                exprs.add(target.get("expr").asString());
            }
        }
        return exprs;
    }

    /** The metric names a PromQL expression selects (not functions, keywords, labels or durations). */
    static Set<String> metrics(String expr) {
        String bare = STRING.matcher(expr).replaceAll("\"\"");
        bare = MATCHERS.matcher(bare).replaceAll(" ");
        bare = RANGE.matcher(bare).replaceAll(" ");
        bare = GROUPING.matcher(bare).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher identifier = IDENTIFIER.matcher(bare);
        while (identifier.find()) {
            String name = identifier.group(1);
            if (!KEYWORDS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                names.add(name);
            }
        }
        return names;
    }
}
