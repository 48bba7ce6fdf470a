package dev.mercato.customers.internal;

import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class Customers {

    private final JdbcClient jdbc;

    Customers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return false when the email is already taken (compared case-insensitively) */
    boolean insert(Customer customer, Instant now) {
        try {
            jdbc.sql("""
                    INSERT INTO customers (id, email, name, password_hash, roles, created_at)
                    VALUES (:id, :email, :name, :hash, :roles::text[], :now)""")
                    .param("id", customer.id()).param("email", customer.email()).param("name", customer.name())
                    .param("hash", customer.passwordHash())
                    .param("roles", "{" + String.join(",", customer.roles()) + "}")
                    .param("now", Timestamp.from(now))
                    .update();
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    Optional<Customer> findByEmail(String email) {
        return jdbc.sql("SELECT * FROM customers WHERE lower(email) = lower(:email)")
                .param("email", email)
                .query((rs, n) -> new Customer(rs.getObject("id", UUID.class), rs.getString("email"),
                        rs.getString("name"), rs.getString("password_hash"), roles(rs.getArray("roles"))))
                .optional();
    }

    void grantRole(UUID customerId, String role) {
        jdbc.sql("UPDATE customers SET roles = array_append(roles, :role) WHERE id = :id AND NOT (:role = ANY (roles))")
                .param("role", role).param("id", customerId)
                .update();
    }

    static Set<String> roles(Array array) throws SQLException {
        return array == null ? Set.of() : Set.of((String[]) array.getArray());
    }
}
