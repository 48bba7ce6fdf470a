package dev.mercato.customers;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.mercato.support.ApiTest;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 12: five look-alike spellings of one email registered five accounts. */
class EmailLookAlikesTests extends ApiTest {

    @Test
    void lookAlikeSpellingsOfOneAddressNeverMakeASecondAccount() {
        String local = unique("ann");
        assertThat(register(local + "@example.com").status()).isEqualTo(201);

        assertThat(register(local.toUpperCase() + "@EXAMPLE.com").status()).as("case").isEqualTo(409);
        assertThat(register(" " + local + "@example.com ").status()).as("surrounding space").isIn(400, 409);
        assertThat(register(fullwidth(local) + "@example.com").status()).as("fullwidth letters").isEqualTo(409);
        assertThat(register(local.replaceFirst("a", "\u0430") + "@example.com").status()).as("Cyrillic a").isEqualTo(400);
        assertThat(register(local + "@ex\u0430mple.com").status()).as("Cyrillic a in the domain").isEqualTo(400);

        assertThat(jdbc.sql("SELECT count(*) FROM customers WHERE email ILIKE :pattern")
                .param("pattern", "%" + local.substring(3) + "%").query(Long.class).single()).isEqualTo(1);
        var login = api.post("/api/auth/login", Map.of("email", fullwidth(local) + "@example.com", "password", "tulip-garden-7"), null);
        assertThat(login.status()).as("the fullwidth spelling is the same mailbox").isEqualTo(200);
    }

    private dev.mercato.support.Api.Response register(String email) {
        return api.post("/api/auth/register", Map.of("email", email, "password", "tulip-garden-7", "name", "Ann"), null);
    }

    private static String fullwidth(String ascii) {
        StringBuilder out = new StringBuilder();
        ascii.chars().forEach(c -> out.append(c >= '!' && c <= '~' ? (char) (c - '!' + '\uFF01') : (char) c));
        return out.toString();
    }
}
