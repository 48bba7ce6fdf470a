package dev.mercato.customers.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.mercato.customers.CustomerEmailHashes;

/** {@link CustomerEmailHashes} over the accounts table, one query per call. */
@Component
final class EmailHashes implements CustomerEmailHashes {

    private final JdbcClient jdbc;

    EmailHashes(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<UUID, String> of(Collection<UUID> customerIds) {
        Map<UUID, String> hashes = new HashMap<>();
        if (customerIds.isEmpty()) {
            return hashes;
        }
        jdbc.sql("SELECT id, email FROM customers WHERE id = ANY(:ids)").param("ids", customerIds.toArray(UUID[]::new))
                .query((rs, n) -> hashes.put(rs.getObject("id", UUID.class), sha256(rs.getString("email").toLowerCase(Locale.ROOT))))
                .list();
        return hashes;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
