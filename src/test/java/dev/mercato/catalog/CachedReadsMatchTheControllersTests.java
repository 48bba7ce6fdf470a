package dev.mercato.catalog;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.mercato.support.ApiTest;

import static dev.mercato.support.Products.product;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An anonymous cache hit is answered ahead of Spring MVC ({@code platform.web.CachedReadFilter}); its
 * answer must be the controller's, byte for byte: status line, every header in order (but
 * {@code Date}) and body. Each route is read twice the same way but for an {@code Accept} header the
 * filter does not take and the controller ignores, so one answer comes from each path, which the
 * counters check; both are still counted in {@code http_server_requests} under the route's pattern.
 */
class CachedReadsMatchTheControllersTests extends ApiTest {

    private static final String DETAIL = "/api/products/{idOrSlug}";
    private static final String LIST = "/api/products";
    private static final String AVAILABILITY = "/api/availability/{sku}";

    @Autowired
    MeterRegistry meters;

    @Test
    void productDetailByIdAndBySlugIsTheControllersAnswerIncluding304() throws IOException {
        Stocked stocked = stocked("Filter Lamp", "home/filter-lamps");
        String slug = api.get("/api/products/" + stocked.id(), null).json().get("slug").asString();
        for (String path : List.of("/api/products/" + stocked.id(), "/api/products/" + slug)) {
            Answer viaController = bothPaths(path, DETAIL);
            String etag = viaController.header("ETag");
            assertThat(etag).startsWith("\"");
            Answer notModified = bothPathsWith(path, DETAIL, "If-None-Match: " + etag);
            assertThat(notModified.statusLine()).contains("304");
            assertThat(notModified.body()).isEmpty();
        }
    }

    @Test
    void listPagesAreTheControllersAnswerIncluding304() throws IOException {
        String root = unique("fl").toLowerCase();
        stocked("Filter Chair A", root + "/chairs");
        stocked("Filter Chair B", root + "/chairs");
        for (String path : List.of("/api/products?category=" + root, "/api/products?category=" + root + "&limit=1",
                "/api/products?limit=1&category=" + root + "/chairs")) {
            Answer viaController = bothPaths(path, LIST);
            assertThat(viaController.text()).contains("Filter Chair");
            bothPathsWith(path, LIST, "If-None-Match: " + viaController.header("ETag"));
        }
        String cursor = api.get("/api/products?category=" + root + "&limit=1", null).json().get("nextCursor").asString();
        bothPaths("/api/products?category=" + root + "&limit=1&cursor=" + cursor, LIST);
    }

    @Test
    void availabilityIsTheControllersAnswer() throws IOException {
        Stocked stocked = stocked("Filter Vase", "home/filter-vases");
        Answer answer = bothPaths("/api/availability/" + stocked.sku(), AVAILABILITY);
        assertThat(answer.text()).isEqualTo("{\"sku\":\"" + stocked.sku() + "\",\"available\":7}");
    }

    @Test
    void aPriceChangeAndASellOutShowOnTheVeryNextCachedRead() throws IOException {
        Stocked stocked = stocked("Filter Bowl", "home/filter-bowls");
        String path = "/api/products/" + stocked.id();
        Answer before = bothPaths(path, DETAIL);
        assertThat(before.text()).contains("\"price\":\"10.00\"");

        var changed = api.put(path.replace("/api/", "/api/admin/"), product("Filter Bowl", "Filters", "home/filter-bowls", stocked.sku(), "12.50"),
                adminToken());
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        Answer priced = fetch(path); // a miss: the controller loads it
        assertThat(priced.text()).contains("\"price\":\"12.50\"");
        assertThat(priced.header("ETag")).isNotEqualTo(before.header("ETag"));
        Answer pricedFromMemory = counted(DETAIL, 1, () -> fetch(path));
        assertThat(pricedFromMemory.text()).contains("\"price\":\"12.50\"");
        assertThat(pricedFromMemory.header("ETag")).isEqualTo(priced.header("ETag"));

        assertThat(api.put("/api/admin/stock/" + stocked.sku() + "/" + stocked.warehouse(), Map.of("quantity", 0), adminToken()).status())
                .isEqualTo(200);
        Answer soldOut = fetch(path);
        assertThat(soldOut.text()).contains("\"available\":0");
        assertThat(soldOut.header("ETag")).isNotEqualTo(priced.header("ETag"));
        assertThat(counted(DETAIL, 1, () -> fetch(path)).text()).contains("\"available\":0");
    }

    @Test
    void requestsTheFilterDoesNotTakeGoToTheController() throws IOException {
        Stocked stocked = stocked("Filter Cup", "home/filter-cups");
        String path = "/api/products/" + stocked.id();
        fetch(path);
        counted(DETAIL, 0, () -> fetch(path + "?unknown=1"));
        counted(DETAIL, 0, () -> fetch(path, "Origin: https://elsewhere.example"));
        counted(DETAIL, 0, () -> fetch(path, "If-None-Match: W/\"x\", \"y\""));
        counted(LIST, 0, () -> fetch("/api/products?limit=0"));
        counted(LIST, 0, () -> fetch("/api/products?limit=20&limit=20"));
        counted(DETAIL, 1, () -> fetch(path));
        assertThat(fetch(path, "Authorization: Bearer not-a-token").statusLine()).as("a bad token is the security chain's to refuse").contains("401");
    }

    /** Fetches the path once through the filter and once through the controller; both the same, both counted. */
    private Answer bothPaths(String path, String pattern) throws IOException {
        return bothPathsWith(path, pattern);
    }

    private Answer bothPathsWith(String path, String pattern, String... headers) throws IOException {
        fetch(path, headers); // a miss, if it is one, loads the caches through the controller
        double requests = requests(pattern);
        Answer fromMemory = counted(pattern, 1, () -> fetch(path, headers));
        List<String> mvcHeaders = new ArrayList<>(List.of(headers));
        mvcHeaders.add("Accept: application/json;q=0.9"); // not taken by the filter; ignored by the controller
        Answer viaController = counted(pattern, 0, () -> fetch(path, mvcHeaders.toArray(String[]::new)));
        assertThat(fromMemory.statusLine()).isEqualTo(viaController.statusLine());
        assertThat(fromMemory.headersButDate()).isEqualTo(viaController.headersButDate());
        assertThat(fromMemory.body()).isEqualTo(viaController.body());
        assertThat(requests(pattern) - requests).as("both counted in http_server_requests under " + pattern).isEqualTo(2);
        return viaController;
    }

    private interface Read {
        Answer get() throws IOException;
    }

    private Answer counted(String pattern, int expected, Read read) throws IOException {
        double before = answered(pattern);
        Answer answer = read.get();
        assertThat(answered(pattern) - before).as("answered from memory: " + answer.statusLine()).isEqualTo(expected);
        return answer;
    }

    private double answered(String pattern) {
        Counter counter = meters.find("http.cached.answers").tag("uri", pattern).counter();
        return counter == null ? 0 : counter.count();
    }

    /** Requests the observation counted (recorded before the container closes the connection, which {@link #fetch} reads to). */
    private double requests(String pattern) {
        return meters.find("http.server.requests").tag("uri", pattern).timers().stream().mapToLong(Timer::count).sum();
    }

    private record Stocked(String id, String sku, String warehouse) {
    }

    private Stocked stocked(String title, String category) {
        String sku = unique("FLT");
        var created = api.post("/api/admin/products", product(title, "Filters", category, sku, "10.00"), adminToken());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String warehouse = unique("wh");
        assertThat(api.post("/api/admin/warehouses", Map.of("code", warehouse, "name", "W", "priority", 1), adminToken()).status()).isEqualTo(201);
        assertThat(api.put("/api/admin/stock/" + sku + "/" + warehouse, Map.of("quantity", 7), adminToken()).status()).isEqualTo(200);
        return new Stocked(created.json().get("id").asString(), sku, warehouse);
    }

    private record Answer(String statusLine, List<String> headers, byte[] body) {
        String header(String name) {
            return headers.stream().filter(h -> h.regionMatches(true, 0, name + ":", 0, name.length() + 1))
                    .map(h -> h.substring(name.length() + 1).trim()).findFirst().orElse(null);
        }

        List<String> headersButDate() {
            return headers.stream().filter(h -> !h.regionMatches(true, 0, "Date:", 0, 5)).toList();
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** One GET on its own connection, the answer read raw so header order and bytes are what was sent. */
    private Answer fetch(String path, String... headers) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port()), 5_000);
            socket.setSoTimeout(30_000);
            StringBuilder head = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Request-Id: same-id\r\n");
            for (String header : headers) {
                head.append(header).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(head.append("Connection: close\r\n\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            byte[] bytes = all.toByteArray();
            int end = headEnd(bytes);
            String[] lines = new String(bytes, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
            List<String> headerLines = new ArrayList<>(List.of(lines).subList(1, lines.length));
            byte[] body = java.util.Arrays.copyOfRange(bytes, end + 4, bytes.length);
            return new Answer(lines[0], headerLines, body);
        }
    }

    private static int headEnd(byte[] bytes) {
        for (int i = 0; i + 3 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') {
                return i;
            }
        }
        throw new IllegalStateException("no end of headers in " + new String(bytes, StandardCharsets.ISO_8859_1));
    }
}
