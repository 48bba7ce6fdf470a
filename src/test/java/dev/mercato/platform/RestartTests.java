package dev.mercato.platform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.mercato.MercatoApplication;
import dev.mercato.support.Api;

import static dev.mercato.support.Products.product;
import static org.assertj.core.api.Assertions.assertThat;

/** What was committed before a restart is there after it: the embedded cluster keeps its directory. */
class RestartTests {

    @Test
    void dataSurvivesARestartOnTheSameDataDirectory() throws Exception {
        Path dataDirectory = Files.createTempDirectory(Path.of("target"), "restart-postgres-");

        String productId;
        try (ConfigurableApplicationContext first = start(dataDirectory)) {
            Api api = new Api(port(first));
            String admin = api.post("/api/auth/login", Map.of("email", "admin@test.local", "password", "admin-secret-1"), null)
                    .json().get("token").asString();
            var created = api.post("/api/admin/products", product("Durable Lamp", "Stay", "home/durable", "DURABLE-1", "9.99"), admin);
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            productId = created.json().get("id").asString();
        }

        try (ConfigurableApplicationContext second = start(dataDirectory)) {
            Api api = new Api(port(second));
            var product = api.get("/api/products/" + productId, null);
            assertThat(product.status()).isEqualTo(200);
            assertThat(product.json().get("title").asString()).isEqualTo("Durable Lamp");
            // the admin was not created twice, and the migrations were not re-run
            JdbcClient jdbc = second.getBean(JdbcClient.class);
            assertThat(jdbc.sql("SELECT count(*) FROM customers").query(Long.class).single()).isEqualTo(1);
            assertThat(jdbc.sql("SELECT count(*) FROM flyway_schema_history WHERE success").query(Long.class).single())
                    .isEqualTo(jdbc.sql("SELECT count(DISTINCT version) FROM flyway_schema_history").query(Long.class).single());
        }
    }

    private static ConfigurableApplicationContext start(Path dataDirectory) {
        return new SpringApplicationBuilder(MercatoApplication.class)
                .profiles("test")
                .run("--server.port=0", "--mercato.platform.embedded-postgres.data-directory=" + dataDirectory);
    }

    private static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }
}
