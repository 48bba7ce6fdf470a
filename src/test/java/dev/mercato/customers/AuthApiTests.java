package dev.mercato.customers;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.mercato.support.ApiTest;

import static org.assertj.core.api.Assertions.assertThat;

class AuthApiTests extends ApiTest {

    @Autowired
    DataSource dataSource;

    /** The session look-up runs in the security filter, before Spring MVC's handlers: it used to be a 500. */
    @Test
    void aTokenThatCannotBeLookedUpForWantOfAConnectionIsTryAgainWithRetryAfter() throws Exception {
        HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
        List<Connection> taken = new ArrayList<>();
        try {
            for (int i = 0; i < pool.getMaximumPoolSize(); i++) {
                taken.add(pool.getConnection());
            }
            // a token no cache has seen, so it must be looked up
            var response = api.get("/api/cart", "mrc_" + UUID.randomUUID().toString().replace("-", ""));

            assertThat(response.status()).as(response.toString()).isEqualTo(503);
            assertThat(response.header("Retry-After")).isEqualTo("1");
            assertThat(response.json().get("type").asString()).endsWith("/try-again");
        } finally {
            for (Connection connection : taken) {
                connection.close();
            }
        }
    }

    @Test
    void guestSessionGetsATokenThatAuthenticates() {
        var guest = api.post("/api/auth/guest", "", null);
        assertThat(guest.status()).isEqualTo(201);
        String token = guest.json().get("token").asString();
        assertThat(token).startsWith("mrc_").hasSizeGreaterThan(40);
        // a valid token on a public route is accepted; an admin route still refuses a guest
        assertThat(api.get("/api/categories", token).status()).isEqualTo(200);
        assertThat(api.get("/api/admin/jobs/" + UUID.randomUUID(), token).status()).isEqualTo(403);
    }

    @Test
    void registersLogsInAndStoresOnlyAPasswordHash() {
        String email = unique("ann") + "@example.com";
        var registered = api.post("/api/auth/register", Map.of("email", email, "password", "tulip-garden-7", "name", "Ann"), null);
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        assertThat(registered.json().get("customerId").asString()).isNotBlank();

        var login = api.post("/api/auth/login", Map.of("email", email.toUpperCase(), "password", "tulip-garden-7"), null);
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.json().get("customerId").asString()).isEqualTo(registered.json().get("customerId").asString());
        assertThat(login.json().get("roles").toString()).contains("customer").doesNotContain("admin");

        String hash = jdbc.sql("SELECT password_hash FROM customers WHERE email = :email").param("email", email)
                .query(String.class).single();
        assertThat(hash).startsWith("{bcrypt}$2").doesNotContain("tulip-garden-7");
    }

    @Test
    void refusesASecondAccountForTheSameEmailWhateverItsCase() {
        String email = unique("bob") + "@example.com";
        assertThat(api.post("/api/auth/register", Map.of("email", email, "password", "tulip-garden-7", "name", "Bob"), null).status())
                .isEqualTo(201);
        var again = api.post("/api/auth/register", Map.of("email", email.toUpperCase(), "password", "tulip-garden-8", "name", "Bob"), null);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("type").asString()).endsWith("/email-taken");
    }

    @Test
    void refusesWeakPasswordsAndInvalidEmailsWithFieldErrorsAndWritesNothing() {
        long before = count("customers");
        var weak = api.post("/api/auth/register", Map.of("email", unique("c") + "@example.com", "password", "password1", "name", "C"), null);
        assertThat(weak.status()).isEqualTo(400);
        assertThat(weak.header("Content-Type")).startsWith("application/problem+json");
        assertThat(weak.json().get("errors").get(0).get("field").asString()).isEqualTo("password");

        var lettersOnly = api.post("/api/auth/register", Map.of("email", unique("c") + "@example.com", "password", "abcdefghij", "name", "C"), null);
        assertThat(lettersOnly.status()).isEqualTo(400);

        var badEmail = api.post("/api/auth/register", Map.of("email", "not-an-email", "password", "tulip-garden-7", "name", ""), null);
        assertThat(badEmail.status()).isEqualTo(400);
        assertThat(badEmail.json().get("errors").toString()).contains("\"email\"").contains("\"name\"");
        assertThat(count("customers")).isEqualTo(before);
    }

    @Test
    void wrongCredentialsGet401WithoutSayingWhichWasWrong() {
        var unknown = api.post("/api/auth/login", Map.of("email", "nobody@example.com", "password", "whatever-1"), null);
        var wrongPassword = api.post("/api/auth/login", Map.of("email", ADMIN_EMAIL, "password", "not-the-password-1"), null);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(unknown.json().get("detail")).isEqualTo(wrongPassword.json().get("detail"));
    }

    @Test
    void adminFromConfigurationHasTheAdminRole() {
        var login = api.post("/api/auth/login", Map.of("email", ADMIN_EMAIL, "password", ADMIN_PASSWORD), null);
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.json().get("roles").toString()).contains("admin");
    }

    @Test
    void adminRoutesAnswer401AnonymousAnd403ToCustomers() {
        var anonymous = api.post("/api/admin/products", Map.of(), null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("Content-Type")).startsWith("application/problem+json");

        var customer = api.post("/api/admin/products", Map.of(), customerToken());
        assertThat(customer.status()).isEqualTo(403);
        assertThat(customer.json().get("type").asString()).endsWith("/forbidden");
    }

    @Test
    void unknownOrMalformedTokensAre401EvenOnPublicRoutes() {
        assertThat(api.get("/api/categories", "mrc_forged").status()).isEqualTo(401);
        assertThat(api.get("/api/categories", null, "Authorization", "Basic dXNlcjpwYXNz").status()).isEqualTo(401);
    }

    @Test
    void logoutRevokesTheToken() {
        String token = customerToken();
        assertThat(api.post("/api/auth/logout", "", token).status()).isEqualTo(204);
        assertThat(api.get("/api/categories", token).status()).isEqualTo(401);
    }

    @Test
    void loginWithAGuestTokenClaimsTheGuestSession() {
        String guest = api.post("/api/auth/guest", "", null).json().get("token").asString();
        String email = unique("dana") + "@example.com";
        var registered = api.post("/api/auth/register", Map.of("email", email, "password", "tulip-garden-7", "name", "Dana"),
                null, "X-Guest-Token", guest);
        assertThat(registered.status()).isEqualTo(201);
        // the guest token is spent: what it owned now belongs to the customer
        assertThat(api.get("/api/categories", guest).status()).isEqualTo(401);
    }
}
