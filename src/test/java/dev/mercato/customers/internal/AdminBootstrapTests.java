package dev.mercato.customers.internal;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.mercato.platform.DemoMode;
import dev.mercato.support.ApiTest;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 12: the admin bootstrap could be taken over by registering the operator's address first. */
class AdminBootstrapTests extends ApiTest {

    @Autowired
    Accounts accounts;

    @Autowired
    DemoMode demoMode;

    @Test
    void neverPromotesACustomerAccountThatTheConfiguredPasswordDoesNotOpen() {
        String email = unique("ops") + "@example.com";
        register(email, "attacker-chosen-9");

        startWithAdmin(email, "operator-secret-1");

        var attacker = login(email, "attacker-chosen-9");
        assertThat(attacker.status()).isEqualTo(200);
        assertThat(attacker.json().get("roles").toString()).contains("customer").doesNotContain("admin");
        assertThat(login(email, "operator-secret-1").status()).isEqualTo(401);
    }

    @Test
    void promotesAnAccountWhoseOwnerConfiguredItsPassword() {
        String email = unique("ops") + "@example.com";
        register(email, "operator-secret-1");

        startWithAdmin(email, "operator-secret-1");

        assertThat(login(email, "operator-secret-1").json().get("roles").toString()).contains("admin");
    }

    @Test
    void createsTheAdminOnceAndLeavesItAloneOnLaterStarts() {
        String email = unique("ops") + "@example.com";

        startWithAdmin(email, "operator-secret-1");
        startWithAdmin(email, "operator-secret-1");

        assertThat(login(email, "operator-secret-1").json().get("roles").toString()).contains("admin");
        assertThat(jdbc.sql("SELECT count(*) FROM customers WHERE lower(email) = lower(:email)").param("email", email)
                .query(Long.class).single()).isEqualTo(1);
        assertThat(accounts.ensureAdmin(email, "another-password-2", "Administrator"))
                .isEqualTo(Accounts.AdminBootstrapOutcome.ALREADY_ADMIN);
        assertThat(login(email, "another-password-2").status()).isEqualTo(401);
    }

    private void startWithAdmin(String email, String password) {
        new AdminBootstrap(accounts, new AdminSettings(email, password), demoMode).run(null);
    }

    private void register(String email, String password) {
        var registered = api.post("/api/auth/register", Map.of("email", email, "password", password, "name", "Someone"), null);
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
    }

    private dev.mercato.support.Api.Response login(String email, String password) {
        return api.post("/api/auth/login", Map.of("email", email, "password", password), null);
    }
}
