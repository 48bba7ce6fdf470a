package dev.mercato.support;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of the HTTP integration tests: the whole application on a random port against its own
 * embedded PostgreSQL (one cluster per distinct test configuration, shared through Spring's
 * context cache). Tests create their own data with unique names, so they need no clean-up.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
public abstract class ApiTest {

    protected static final String ADMIN_EMAIL = "admin@test.local";
    protected static final String ADMIN_PASSWORD = "admin-secret-1";

    @Value("${local.server.port}")
    int port;

    @Autowired
    protected JdbcClient jdbc;

    protected Api api;

    @BeforeEach
    void connect() {
        api = new Api(port);
    }

    protected int port() {
        return port;
    }

    protected String adminToken() {
        var response = api.post("/api/auth/login", Map.of("email", ADMIN_EMAIL, "password", ADMIN_PASSWORD), null);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().get("token").asString();
    }

    protected String customerToken() {
        String email = "shopper-" + UUID.randomUUID() + "@example.com";
        var response = api.post("/api/auth/register", Map.of("email", email, "password", "correct-horse-9", "name", "Shopper"), null);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().get("token").asString();
    }

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected long count(String table) {
        return jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single();
    }
}
