package dev.mercato.catalog;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.mercato.support.Api;
import dev.mercato.support.ApiTest;

import static dev.mercato.support.Products.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ProductImportApiTests extends ApiTest {

    @Test
    void jsonLinesImportKeepsGoodLinesAndNamesTheBadOnes() {
        String root = unique("imported");
        String sku = unique("IMP");
        String file = String.join("\n",
                Api.toJson(product("Imported One", "Imp", root + "/a", sku + "-1", "10.00")),
                "{ this is not json",
                Api.toJson(product("Imported Two", "Imp", root + "/b", sku + "-2", "12.50")),
                "",
                Api.toJson(product("Bad Price", "Imp", root + "/b", sku + "-3", "-4")),
                Api.toJson(product("Duplicate Sku", "Imp", root + "/b", sku + "-1", "4.00")),
                Api.toJson(product("Imported Three", "Imp", root + "/b", sku + "-4", "7.00")));

        JsonNode job = runImport(file, "application/x-ndjson");

        assertThat(job.get("status").asString()).isEqualTo("completed");
        assertThat(job.get("total").asLong()).isEqualTo(6);
        assertThat(job.get("processed").asLong()).isEqualTo(6);
        assertThat(job.get("failed").asLong()).isEqualTo(3);
        JsonNode errors = job.get("errors");
        assertThat(errors.get(0).get("line").asLong()).isEqualTo(2);
        assertThat(errors.get(0).get("message").asString()).contains("JSON");
        assertThat(errors.get(1).get("line").asLong()).isEqualTo(5);
        assertThat(errors.get(1).get("message").asString()).contains("variants[0].price");
        assertThat(errors.get(2).get("line").asLong()).isEqualTo(6);
        assertThat(errors.get(2).get("message").asString()).contains(sku + "-1");

        var imported = api.get("/api/products?category=" + root, null).json().get("items");
        assertThat(imported.size()).isEqualTo(3);
    }

    @Test
    void csvImportReadsOneProductPerRow() {
        String root = unique("csv");
        String sku = unique("CSV");
        String file = String.join("\n",
                "title,brand,category,sku,price,currency,attributes,description",
                "Oak Desk," + "Woodie," + root + "/desks," + sku + "-1,199.00,USD,\"{\"\"material\"\":\"\"oak\"\"}\",A solid desk",
                "Pine Desk," + "Woodie," + root + "/desks," + sku + "-2,not-a-price,USD,{},Cheap",
                "Short Row,Woodie",
                "\"Desk, Large\"," + "Woodie," + root + "/desks," + sku + "-3,249.00,USD,{},\"Large, with a comma\"");

        JsonNode job = runImport(file, "text/csv");

        assertThat(job.get("total").asLong()).isEqualTo(4);
        assertThat(job.get("processed").asLong()).isEqualTo(4);
        assertThat(job.get("failed").asLong()).isEqualTo(2);
        assertThat(job.get("errors").get(0).get("line").asLong()).isEqualTo(3);
        assertThat(job.get("errors").get(1).get("line").asLong()).isEqualTo(4);
        var desks = api.get("/api/products?category=" + root + "/desks", null).json().get("items");
        assertThat(desks.size()).isEqualTo(2);
        var detail = api.get("/api/products/" + desks.get(0).get("id").asString(), null).json();
        assertThat(detail.get("attributes").get("material").asString()).isEqualTo("oak");
    }

    @Test
    void reimportingTheSameSlugUpdatesInsteadOfDuplicating() {
        String slug = unique("re-import").toLowerCase();
        String sku = unique("RE");
        Map<String, Object> first = new java.util.LinkedHashMap<>(product("Re Import", "Re", "misc/re", sku, "1.00"));
        first.put("slug", slug);
        runImport(Api.toJson(first), "application/x-ndjson");
        first.put("title", "Re Import Renamed");
        runImport(Api.toJson(first), "application/x-ndjson");
        assertThat(jdbc.sql("SELECT count(*) FROM products WHERE slug = :slug").param("slug", slug).query(Long.class).single()).isEqualTo(1);
        assertThat(api.get("/api/products/" + slug, null).json().get("title").asString()).isEqualTo("Re Import Renamed");
    }

    @Test
    void emptyFilesAndCustomersAreRefused() {
        var empty = api.send("/api/admin/products/import", "POST", "application/x-ndjson", "\n\n", adminToken());
        assertThat(empty.status()).isEqualTo(400);
        var customer = api.send("/api/admin/products/import", "POST", "application/x-ndjson", "{}", customerToken());
        assertThat(customer.status()).isEqualTo(403);
        assertThat(api.get("/api/admin/jobs/" + java.util.UUID.randomUUID(), adminToken()).status()).isEqualTo(404);
    }

    @Test
    void csvNumbersAreReadAsNumbers() {
        String root = unique("csvn");
        String file = String.join("\n",
                "title,brand,category,sku,price,currency,rating,reviewCount",
                "Rated Lamp,Lumen," + root + "/lamps," + unique("R") + ",19.00,USD,4.5,12",
                "Unrated Lamp,Lumen," + root + "/lamps," + unique("R") + ",19.00,USD,4.5,twelve");

        JsonNode job = runImport(file, "text/csv");

        assertThat(job.get("failed").asLong()).as(job.toString()).isEqualTo(1);
        assertThat(job.get("errors").get(0).get("line").asLong()).isEqualTo(3);
        var lamps = api.get("/api/products?category=" + root + "/lamps", null).json().get("items");
        assertThat(lamps.get(0).get("reviewCount").asLong()).isEqualTo(12);
    }

    @Test
    void filesThatCannotBeReadAre4xxProblemsAndStartNoJob() throws Exception {
        String admin = adminToken();
        long jobs = count("jobs");
        byte[] latin1 = "{\"title\":\"Caf\u00e9\"}\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        var notUtf8 = api.send(api.request("/api/admin/products/import", admin, "Content-Type", "application/x-ndjson")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(latin1)).build());
        assertThat(notUtf8.status()).as(notUtf8.toString()).isEqualTo(400);
        assertThat(notUtf8.json().get("type").asString()).endsWith("/invalid-import-file");

        var unterminated = api.send("/api/admin/products/import", "POST", "text/csv",
                "title,brand\n\"Desk,Woodie\nChair,Woodie\n", admin);
        assertThat(unterminated.status()).as(unterminated.toString()).isEqualTo(400);
        assertThat(unterminated.json().get("type").asString()).endsWith("/invalid-import-file");

        var foreignCharset = api.send("/api/admin/products/import", "POST", "text/csv; charset=ISO-8859-1", "title\nDesk\n", admin);
        assertThat(foreignCharset.status()).as(foreignCharset.toString()).isEqualTo(415);
        var unknownCharset = api.send("/api/admin/products/import", "POST", "text/csv; charset=klingon", "title\nDesk\n", admin);
        assertThat(unknownCharset.status()).as(unknownCharset.toString()).isEqualTo(415);

        assertThat(count("jobs")).as("no job was started").isEqualTo(jobs);
    }

    private JsonNode runImport(String file, String contentType) {
        String admin = adminToken();
        var accepted = api.send("/api/admin/products/import", "POST", contentType, file, admin);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        String jobId = accepted.json().get("jobId").asString();
        assertThat(accepted.header("Location")).isEqualTo("/api/admin/jobs/" + jobId);
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> api.get("/api/admin/jobs/" + jobId, admin).json(),
                        job -> List.of("completed", "failed").contains(job.get("status").asString()));
    }
}
