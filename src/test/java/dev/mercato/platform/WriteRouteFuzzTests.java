package dev.mercato.platform;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ForkJoinPool;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.mercato.support.ApiTest;
import dev.mercato.support.RawHttp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Table-driven fuzzing of every write route the application maps (POST, PUT, PATCH, DELETE, found
 * in the handler mappings as {@link RouteAccessTests} finds them, so a route added later is fuzzed
 * without touching this class). Each route gets generated bad requests as an anonymous caller, a
 * customer and an admin; every answer must be a 4xx RFC 9457 problem, and no table may change.
 *
 * <p>The cases are derived from the handler method: a route with a {@code @RequestBody} gets a
 * well-formed body built from the body type's record components ({@link #exampleOf}), and then
 * that body with one value at a time replaced by a value of the wrong type, with a NUL or control
 * character, an unpaired surrogate, a number too large for any column, money with three places or
 * a time without an offset; plus whole-body cases (truncated, deeply nested, not UTF-8, not JSON,
 * oversized, chunked past the limit) and wrong content types. Path variables get values no route
 * can take (NUL, an encoded slash, invalid UTF-8; for ids, non-UUIDs); request headers the handler
 * reads get empty, oversized, non-ASCII and control-character values. Only cases no route may
 * accept are sent to a route that ignores its body, so a refusal is always the right answer.
 *
 * <p>Bad requests are sent over a raw socket, since {@code java.net.http} refuses to send most of them.
 */
class WriteRouteFuzzTests extends ApiTest {

    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final String DUMMY = "00000000-0000-0000-0000-00000000f022";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** The JSON body limit (mercato.platform.web.max-request-size, 1 MB) and a bit. */
    private static final int PAST_LIMIT = 1024 * 1024 + 4096;

    /** Tables written by background work whatever requests arrive (the event log's completion marks). */
    private static final Set<String> BACKGROUND_TABLES = Set.of("event_publication", "event_publication_archive",
            "flyway_schema_history");

    /**
     * Headers that are hints, by design ignored when they name nothing usable: a guest token that is
     * not a live guest session must not make a login fail (Accounts.claimGuestSession).
     */
    private static final Set<String> IGNORED_WHEN_MALFORMED = Set.of("X-Guest-Token");

    @Autowired
    Map<String, RequestMappingInfoHandlerMapping> handlerMappings;

    enum Caller { ANONYMOUS, CUSTOMER, ADMIN }

    /** One route: its method, path template and the handler method that serves it. */
    record Route(String method, String pattern, HandlerMethod handler) {

        @Override
        public String toString() {
            return method + " " + pattern;
        }

        MethodParameter body() {
            for (MethodParameter parameter : handler.getMethodParameters()) {
                if (parameter.hasParameterAnnotation(RequestBody.class)) {
                    return parameter;
                }
            }
            return null;
        }

        /** True when the body may be left out ({@code @RequestBody(required = false)}): no body is then a good request. */
        boolean bodyOptional() {
            MethodParameter body = body();
            return body != null && !body.getParameterAnnotation(RequestBody.class).required();
        }

        /** True when the handler reads the raw request (an upload), not a bound body. */
        boolean readsRawBody() {
            for (MethodParameter parameter : handler.getMethodParameters()) {
                if (jakarta.servlet.http.HttpServletRequest.class.isAssignableFrom(parameter.getParameterType())
                        && pattern.contains("import")) {
                    return true;
                }
            }
            return false;
        }

        List<String> headers() {
            List<String> names = new ArrayList<>();
            for (MethodParameter parameter : handler.getMethodParameters()) {
                RequestHeader header = parameter.getParameterAnnotation(RequestHeader.class);
                if (header != null) {
                    String name = header.name().isEmpty() ? header.value() : header.name();
                    if (!name.equalsIgnoreCase("Authorization") && !IGNORED_WHEN_MALFORMED.contains(name)) {
                        names.add(name);
                    }
                }
            }
            return names;
        }

        Map<String, Class<?>> pathVariables() {
            Map<String, Class<?>> variables = new LinkedHashMap<>();
            for (MethodParameter parameter : handler.getMethodParameters()) {
                PathVariable variable = parameter.getParameterAnnotation(PathVariable.class);
                if (variable != null) {
                    String name = !variable.name().isEmpty() ? variable.name()
                            : !variable.value().isEmpty() ? variable.value() : parameter.getParameter().getName();
                    variables.put(name, parameter.getParameterType());
                }
            }
            return variables;
        }
    }

    /** One generated request and what it tests. */
    record Case(String what, String method, String path, List<String> headers, byte[] body, boolean chunked,
                long declaredLength) {
    }

    @Test
    void everyWriteRouteRefusesGeneratedBadRequestsWithAProblemAndWritesNothing() {
        List<Route> routes = writeRoutes();
        assertThat(routes).as("write routes found in the handler mappings").hasSizeGreaterThan(10);
        Map<Caller, String> tokens = Map.of(Caller.CUSTOMER, customerToken(), Caller.ADMIN, adminToken());

        List<String> wrong = new ArrayList<>();
        int sent = 0;
        ForkJoinPool senders = new ForkJoinPool(6);
        for (Route route : routes) {
            List<Case> cases = casesFor(route);
            // the three callers' cases of one route are independent and sent a few at a time; the digest brackets them all
            List<Runnable> sends = new ArrayList<>();
            List<String> refusedWrongly = java.util.Collections.synchronizedList(new ArrayList<>());
            for (Caller caller : Caller.values()) {
                for (Case c : cases) {
                    sends.add(() -> {
                        String problem = verdict(send(c, tokens.get(caller)));
                        if (problem != null) {
                            refusedWrongly.add(route + " as " + caller + ", " + c.what() + ": " + problem);
                        }
                    });
                }
            }
            Map<String, String> before = digest();
            senders.submit(() -> sends.parallelStream().forEach(Runnable::run)).join();
            Map<String, String> after = digest();
            wrong.addAll(refusedWrongly);
            sent += sends.size();
            if (!after.equals(before)) {
                wrong.add(route + ": tables changed: " + changed(before, after));
            }
        }
        senders.shutdown();
        assertThat(wrong).as("bad requests answered other than with a 4xx problem, or that wrote (" + sent + " sent)").isEmpty();
    }

    private RawHttp.Answer send(Case c, String token) {
        List<String> headers = new ArrayList<>(c.headers());
        if (token != null) {
            headers.add("Authorization");
            headers.add("Bearer " + token);
        }
        return RawHttp.send(port(), c.method(), c.path(), headers, c.body(), c.chunked(), c.declaredLength());
    }

    /** Null when the answer is a 4xx problem document. */
    private static String verdict(RawHttp.Answer answer) {
        if (answer.status() < 400 || answer.status() >= 500) {
            return "answered " + answer;
        }
        String type = answer.header("Content-Type");
        if (type == null || !type.startsWith("application/problem+json")) {
            return "not a problem document (" + type + "): " + answer;
        }
        try {
            JsonNode problem = JSON.readTree(answer.body());
            if (problem.path("status").asInt() != answer.status() || problem.path("title").asString("").isEmpty()) {
                return "problem without matching status and a title: " + answer;
            }
        } catch (RuntimeException e) {
            return "problem body is not JSON: " + answer;
        }
        return null;
    }

    // ---- the routes ----

    private List<Route> writeRoutes() {
        Map<String, Route> routes = new TreeMap<>();
        handlerMappings.values().forEach(mapping -> mapping.getHandlerMethods().forEach((info, handler) -> {
            for (String pattern : patterns(info)) {
                info.getMethodsCondition().getMethods().stream().map(Enum::name).filter(WRITES::contains)
                        .forEach(method -> routes.put(method + " " + pattern, new Route(method, pattern, handler)));
            }
        }));
        return List.copyOf(routes.values());
    }

    private static Set<String> patterns(RequestMappingInfo info) {
        return info.getPatternValues();
    }

    // ---- the cases ----

    private List<Case> casesFor(Route route) {
        List<Case> cases = new ArrayList<>();
        String path = fill(route, null, null);
        List<String> goodHeaders = goodHeaders(route);
        MethodParameter body = route.body();
        byte[] example = body == null ? "{}".getBytes(StandardCharsets.UTF_8) : exampleText(body);

        // refused by every route, whether it reads a body or not
        cases.add(new Case("Content-Type */*", route.method(), path, with(goodHeaders, "Content-Type", "*/*"), example, false, -1));
        cases.add(new Case("Content-Type application/*", route.method(), path, with(goodHeaders, "Content-Type", "application/*"), example, false, -1));
        cases.add(new Case("unparseable Content-Type", route.method(), path, with(goodHeaders, "Content-Type", ";;;/"), example, false, -1));
        cases.add(new Case("declared length past the limit", route.method(), path, json(goodHeaders), example, false,
                route.readsRawBody() ? 3L * 1024 * 1024 * 1024 : PAST_LIMIT));
        for (var variable : route.pathVariables().entrySet()) {
            for (String bad : badPathValues(variable.getValue())) {
                cases.add(new Case("path {" + variable.getKey() + "}=" + bad, route.method(), fill(route, variable.getKey(), bad),
                        json(goodHeaders), example, false, -1));
            }
        }

        if (body == null && !route.readsRawBody()) {
            return cases;
        }
        // the route reads its body: every malformed one is refused
        for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x")) {
            cases.add(new Case("Content-Type " + type, route.method(), path, with(goodHeaders, "Content-Type", type), example, false, -1));
        }
        cases.add(new Case("no Content-Type", route.method(), path, goodHeaders, example, false, -1));
        for (var whole : wholeBodies(example).entrySet()) {
            if (route.bodyOptional() && List.of("''", "'null'").contains(whole.getKey())) {
                continue; // an empty body and JSON null both say "no body", which such a route takes
            }
            cases.add(new Case("body " + whole.getKey(), route.method(), path, json(goodHeaders), whole.getValue(), false, -1));
        }
        cases.add(new Case("chunked body past the limit", route.method(), path, json(goodHeaders), oversized(), true, -1));
        if (body != null) {
            JsonNode tree = JSON.readTree(example);
            for (var mutation : mutations(tree).entrySet()) {
                cases.add(new Case("body " + mutation.getKey(), route.method(), path, json(goodHeaders),
                        mutation.getValue().getBytes(StandardCharsets.UTF_8), false, -1));
            }
            for (String header : route.headers()) {
                for (var bad : badHeaderValues().entrySet()) {
                    cases.add(new Case("header " + header + " " + bad.getKey(), route.method(), path,
                            json(with(without(goodHeaders, header), header, bad.getValue())), example, false, -1));
                }
            }
        }
        return cases;
    }

    /** Headers a well-formed request to this route carries: a fresh key where the route takes one. */
    private static List<String> goodHeaders(Route route) {
        List<String> headers = new ArrayList<>();
        for (String name : route.headers()) {
            if (name.equalsIgnoreCase("Idempotency-Key")) {
                headers.add(name);
                headers.add("fuzz-" + UUID.randomUUID());
            }
        }
        return headers;
    }

    private static String fill(Route route, String variable, String value) {
        String path = route.pattern();
        for (var entry : route.pathVariables().entrySet()) {
            String filled = entry.getKey().equals(variable) ? value
                    : UUID.class.equals(entry.getValue()) ? DUMMY : "FUZZ-NONE";
            path = path.replaceAll("\\{\\*?" + entry.getKey() + "(:[^}]*)?}", java.util.regex.Matcher.quoteReplacement(filled));
        }
        return path;
    }

    private static List<String> badPathValues(Class<?> type) {
        List<String> values = new ArrayList<>(List.of("%00", "A%00B", "%2F", "%C3%28", "%0A", "%E2%80%AE"));
        if (UUID.class.equals(type)) {
            values.addAll(List.of("not-a-uuid", "99999999999999999999999", "00000000-0000-0000-0000-00000000000g"));
        }
        if (Long.class.equals(type) || long.class.equals(type) || Integer.class.equals(type) || int.class.equals(type)) {
            values.addAll(List.of("2.5", "99999999999999999999999", "x"));
        }
        return values;
    }

    private static Map<String, byte[]> badHeaderValues() {
        Map<String, byte[]> values = new LinkedHashMap<>();
        values.put("empty", new byte[0]);
        values.put("300 characters", "k".repeat(300).getBytes(StandardCharsets.US_ASCII));
        values.put("non-ASCII (UTF-8 bytes)", "clé-é".getBytes(StandardCharsets.UTF_8));
        values.put("non-ASCII (Latin-1 byte)", new byte[] {'k', (byte) 0xE9, 'y'});
        values.put("control character", new byte[] {'k', 0x01, 'y'});
        values.put("tab inside", new byte[] {'k', '\t', 'y'});
        return values;
    }

    private static Map<String, byte[]> wholeBodies(byte[] example) {
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        String text = new String(example, StandardCharsets.UTF_8);
        for (String literal : List.of("", " ", "{", "{\"a\":", "[", "]", "null", "[]", "\"text\"", "42", "true", "{}}",
                "{\"a\":1,}", "{'a':1}", "{\"a\":01}", "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":\"\\x41\"}")) {
            bodies.put("'" + literal + "'", literal.getBytes(StandardCharsets.UTF_8));
        }
        bodies.put("truncated in half", text.substring(0, text.length() / 2).getBytes(StandardCharsets.UTF_8));
        bodies.put("truncated by one", text.substring(0, text.length() - 1).getBytes(StandardCharsets.UTF_8));
        bodies.put("with trailing garbage", (text + "}x").getBytes(StandardCharsets.UTF_8));
        bodies.put("as an array", ("[" + text + "]").getBytes(StandardCharsets.UTF_8));
        bodies.put("twice", (text + text).getBytes(StandardCharsets.UTF_8));
        bodies.put("nested 20000 arrays deep", ("[".repeat(20_000) + "]".repeat(20_000)).getBytes(StandardCharsets.UTF_8));
        bodies.put("nested 5000 objects deep", ("{\"a\":".repeat(5000) + "1" + "}".repeat(5000)).getBytes(StandardCharsets.UTF_8));
        bodies.put("unclosed 20000 arrays", "[".repeat(20_000).getBytes(StandardCharsets.UTF_8));
        bodies.put("raw NUL byte", replaceFirstString(text, "\u0000").getBytes(StandardCharsets.UTF_8));
        bodies.put("raw NUL before the body", ("\u0000" + text).getBytes(StandardCharsets.UTF_8));
        bodies.put("invalid UTF-8 inside a string", replaceFirstStringBytes(text, new byte[] {(byte) 0xC3, 0x28}));
        bodies.put("overlong UTF-8 inside a string", replaceFirstStringBytes(text, new byte[] {(byte) 0xC0, (byte) 0xAF}));
        bodies.put("UTF-16", text.getBytes(StandardCharsets.UTF_16));
        bodies.put("raw control character in a string", replaceFirstString(text, "a\u0001b").getBytes(StandardCharsets.UTF_8));
        bodies.put("raw newline in a string", replaceFirstString(text, "a\nb").getBytes(StandardCharsets.UTF_8));
        return bodies;
    }

    /** The example body with its first string value's text replaced (raw, unescaped). */
    private static String replaceFirstString(String json, String raw) {
        int start = json.indexOf(":\"");
        if (start < 0) {
            return json.isEmpty() ? raw : json.substring(0, 1) + raw + json.substring(1);
        }
        int end = json.indexOf('"', start + 2);
        return json.substring(0, start + 2) + raw + json.substring(end);
    }

    private static byte[] replaceFirstStringBytes(String json, byte[] raw) {
        String marked = replaceFirstString(json, "\u0001MARK\u0001");
        int at = marked.indexOf("\u0001MARK\u0001");
        byte[] head = marked.substring(0, at).getBytes(StandardCharsets.UTF_8);
        byte[] tail = marked.substring(at + 6).getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + raw.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(raw, 0, all, head.length, raw.length);
        System.arraycopy(tail, 0, all, head.length + raw.length, tail.length);
        return all;
    }

    private static byte[] oversized() {
        return ("{\"a\":\"" + "a".repeat(PAST_LIMIT) + "\"}").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The example with one value replaced at a time, as JSON text: the key names the place and
     * the bad value. Values are written as raw JSON literals, so escapes such as an unpaired
     * surrogate reach the server exactly as a hostile client sends them.
     */
    private static Map<String, String> mutations(JsonNode example) {
        Map<String, String> mutations = new LinkedHashMap<>();
        mutate(example, example, "", mutations);
        return mutations;
    }

    private static void mutate(JsonNode root, JsonNode node, String at, Map<String, String> out) {
        if (node.isObject()) {
            for (String field : node.propertyNames()) {
                JsonNode child = node.get(field);
                String place = at + "." + field;
                for (String bad : badValuesFor(child)) {
                    out.put(place + "=" + bad, replaced(root, place, bad));
                }
                mutate(root, child, place, out);
            }
        } else if (node.isArray() && !node.isEmpty()) {
            String place = at + "[0]";
            for (String bad : badValuesFor(node.get(0))) {
                out.put(place + "=" + bad, replaced(root, place, bad));
            }
            mutate(root, node.get(0), place, out);
        }
    }

    private static List<String> badValuesFor(JsonNode value) {
        List<String> bad = new ArrayList<>();
        if (value.isString()) {
            String text = value.asString();
            bad.addAll(List.of("123", "true", "[]", "{}", "\"\\u0000\"", "\"a\\u0000b\"", "\"bell\\u0007\"", "\"\\uD800\"",
                    "\"x\\uDC00y\"", "\"" + "x".repeat(25_000) + "\""));
            if (text.matches("-?\\d+\\.\\d{2}")) { // money
                bad.addAll(List.of("\"1.999\"", "\"0.001\"", "1.999", "\"-1.00\"", "\"1e400\"", "\"NaN\"", "\"Infinity\"",
                        "\"99999999999999999999999.99\"", "\"1,00\"", "\"\""));
            }
            if (text.matches("\\d{4}-\\d\\d-\\d\\dT.*")) { // a time
                bad.addAll(List.of("12345", "\"2030-01-01T00:00:00\"", "\"2030-13-01T00:00:00Z\"", "\"+999999999-12-31T23:59:59Z\"",
                        "\"yesterday\"", "\"\""));
            }
        } else if (value.isNumber()) {
            bad.addAll(List.of("2.5", "\"2\"", "\"\"", "true", "1e400", "-1e400", "99999999999999999999999",
                    "-99999999999999999999999", "9223372036854775808", "[]", "{}", "\"\\u0000\""));
        } else if (value.isBoolean()) {
            bad.addAll(List.of("\"true\"", "1", "\"yes\"", "[]"));
        } else if (value.isObject()) {
            bad.addAll(List.of("[]", "\"x\"", "1", "true", "{\"\\u0000\":1}", "[" + "[".repeat(2000) + "]".repeat(2000) + "]"));
        } else if (value.isArray()) {
            bad.addAll(List.of("{}", "\"x\"", "1", "[null]", "[" + "[".repeat(2000) + "]".repeat(2000) + "]"));
        }
        return bad;
    }

    private static String replaced(JsonNode root, String place, String rawValue) {
        JsonNode copy = root.deepCopy();
        String marker = "__fuzz_" + UUID.randomUUID() + "__";
        set(copy, place, NODES.stringNode(marker));
        return JSON.writeValueAsString(copy).replace("\"" + marker + "\"", rawValue);
    }

    private static void set(JsonNode root, String place, JsonNode value) {
        List<String> steps = new ArrayList<>();
        java.util.regex.Matcher step = java.util.regex.Pattern.compile("\\.([^.\\[]+)|\\[0]").matcher(place);
        while (step.find()) {
            steps.add(step.group(1) == null ? "[0]" : step.group(1));
        }
        JsonNode parent = root;
        for (int i = 0; i < steps.size() - 1; i++) {
            parent = steps.get(i).equals("[0]") ? parent.get(0) : parent.get(steps.get(i));
        }
        String last = steps.getLast();
        if (last.equals("[0]")) {
            ((ArrayNode) parent).set(0, value);
        } else {
            ((ObjectNode) parent).set(last, value);
        }
    }

    // ---- a well-formed body from the body type ----

    private static byte[] exampleText(MethodParameter body) {
        return JSON.writeValueAsString(exampleOf(body.getGenericParameterType(), "")).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A value of the given type that binds: records field by field, with strings that pass the usual
     * patterns (an email for {@code email}, ISO codes for {@code currency}...). It need not pass every
     * rule: the one mutated value is what each case tests, and a body that fails on another field
     * still must be refused, never answered 5xx or written.
     */
    static JsonNode exampleOf(Type type, String name) {
        Class<?> raw = rawClass(type);
        String lower = name.toLowerCase();
        if (raw == String.class) {
            return NODES.stringNode(switch (lower) {
                case "email" -> "fuzz-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
                case "password" -> "correct-horse-9";
                case "currency" -> "USD";
                case "country" -> "US";
                case "category" -> "misc/fuzz";
                case "slug" -> "fuzz-" + UUID.randomUUID().toString().substring(0, 8);
                case "method" -> "card";
                case "token" -> "tok_visa";
                case "sku", "code" -> "FUZZ-" + UUID.randomUUID().toString().substring(0, 8);
                default -> lower.endsWith("at") || lower.endsWith("time") ? "2030-01-01T00:00:00Z" : "fuzz";
            });
        }
        if (raw == BigDecimal.class) {
            return NODES.stringNode("1.00");
        }
        if (raw == Integer.class || raw == int.class || raw == Long.class || raw == long.class || raw == Short.class) {
            return NODES.numberNode(1);
        }
        if (raw == Boolean.class || raw == boolean.class) {
            return NODES.booleanNode(true);
        }
        if (raw == Instant.class || raw == OffsetDateTime.class) {
            return NODES.stringNode("2030-01-01T00:00:00Z");
        }
        if (raw == UUID.class) {
            return NODES.stringNode(DUMMY);
        }
        if (raw.isEnum()) {
            return NODES.stringNode(raw.getEnumConstants()[0].toString());
        }
        if (Map.class.isAssignableFrom(raw)) {
            ObjectNode map = NODES.objectNode();
            map.put("colour", "red");
            return map;
        }
        if (Collection.class.isAssignableFrom(raw) || raw.isArray()) {
            ArrayNode array = NODES.arrayNode();
            Type element = type instanceof ParameterizedType p ? p.getActualTypeArguments()[0]
                    : raw.isArray() ? raw.getComponentType() : String.class;
            array.add(exampleOf(element, name));
            return array;
        }
        if (raw.isRecord()) {
            ObjectNode object = NODES.objectNode();
            for (RecordComponent component : raw.getRecordComponents()) {
                object.set(component.getName(), exampleOf(component.getGenericType(), component.getName()));
            }
            return object;
        }
        return NODES.stringNode("fuzz");
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        return Object.class;
    }

    // ---- headers ----

    private static List<String> json(List<String> headers) {
        return with(headers, "Content-Type", "application/json");
    }

    private static List<String> with(List<String> headers, String name, Object value) {
        List<String> all = new ArrayList<>(headers);
        all.add(name);
        all.add(value instanceof byte[] bytes ? new String(bytes, StandardCharsets.ISO_8859_1) : value.toString());
        return all;
    }

    private static List<String> without(List<String> headers, String name) {
        List<String> all = new ArrayList<>();
        for (int i = 0; i + 1 < headers.size(); i += 2) {
            if (!headers.get(i).equalsIgnoreCase(name)) {
                all.add(headers.get(i));
                all.add(headers.get(i + 1));
            }
        }
        return all;
    }

    // ---- nothing written ----

    /** Every application table's row count and a digest of its rows, by name. */
    private Map<String, String> digest() {
        List<String> tables = jdbc.sql("""
                SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) FROM information_schema.tables
                WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')""")
                .query(String.class).list();
        Map<String, String> digest = new TreeMap<>();
        for (String table : tables) {
            String bare = table.substring(table.indexOf('.') + 1).replace("\"", "");
            if (BACKGROUND_TABLES.contains(bare)) {
                continue;
            }
            digest.put(table, jdbc.sql("SELECT count(*) || ':' || coalesce(md5(string_agg(md5(t::text), '' ORDER BY md5(t::text))), '') FROM "
                    + table + " t").query(String.class).single());
        }
        return digest;
    }

    private static String changed(Map<String, String> before, Map<String, String> after) {
        List<String> tables = new ArrayList<>();
        after.forEach((table, value) -> {
            if (!value.equals(before.get(table))) {
                tables.add(table + " (" + before.get(table) + " -> " + value + ")");
            }
        });
        return String.join(", ", tables);
    }
}
