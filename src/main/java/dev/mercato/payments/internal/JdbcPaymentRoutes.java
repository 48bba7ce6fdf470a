package dev.mercato.payments.internal;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@link PaymentRoutes} in PostgreSQL: each step is one statement in its own (auto-commit) transaction. */
@Repository
class JdbcPaymentRoutes implements PaymentRoutes {

    private final JdbcClient jdbc;
    private final Clock clock;

    JdbcPaymentRoutes(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * One statement on checkout's hot path: the row this call inserted, or the one that was there. When a
     * concurrent claim inserted it after this statement's snapshot was taken, the conflict waits for
     * that claim to commit but the statement's own SELECT cannot see its row; a second read (a new
     * snapshot, read committed) then does.
     */
    @Override
    public Route claim(UUID orderId, String first) {
        Timestamp now = Timestamp.from(clock.instant());
        return jdbc.sql("""
                WITH claimed AS (
                    INSERT INTO payment_routes (order_id, provider, created_at, updated_at) VALUES (:order, :provider, :now, :now)
                    ON CONFLICT (order_id) DO NOTHING
                    RETURNING provider, pinned, skipped)
                SELECT provider, pinned, skipped FROM claimed
                UNION ALL
                SELECT provider, pinned, skipped FROM payment_routes WHERE order_id = :order AND NOT EXISTS (SELECT 1 FROM claimed)""")
                .param("order", orderId).param("provider", first).param("now", now)
                .query(JdbcPaymentRoutes::route).optional()
                .or(() -> find(orderId))
                .orElseThrow(() -> new IllegalStateException("payment route of order " + orderId + " neither inserted nor found"));
    }

    @Override
    public Optional<Route> find(UUID orderId) {
        return jdbc.sql("SELECT provider, pinned, skipped FROM payment_routes WHERE order_id = :order")
                .param("order", orderId).query(JdbcPaymentRoutes::route).optional();
    }

    @Override
    public boolean moveOn(UUID orderId, String from, String to) {
        return jdbc.sql("""
                UPDATE payment_routes SET provider = :to, skipped = array_append(skipped, provider), updated_at = :now
                WHERE order_id = :order AND provider = :from AND NOT pinned""")
                .param("to", to).param("now", Timestamp.from(clock.instant())).param("order", orderId).param("from", from)
                .update() == 1;
    }

    @Override
    public boolean pin(UUID orderId, String provider) {
        return jdbc.sql("""
                UPDATE payment_routes SET pinned = true, updated_at = :now WHERE order_id = :order AND provider = :provider""")
                .param("now", Timestamp.from(clock.instant())).param("order", orderId).param("provider", provider)
                .update() == 1;
    }

    private static Route route(ResultSet rs, int row) throws SQLException {
        Array skipped = rs.getArray("skipped");
        return new Route(rs.getString("provider"), rs.getBoolean("pinned"), Arrays.asList((String[]) skipped.getArray()));
    }
}
