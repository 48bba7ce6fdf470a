package dev.mercato.payments;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonFormat;

/**
 * One entry of a provider's ledger as admins see it ({@code GET /api/admin/payments?orderId=}).
 *
 * @param kind   {@code authorization}, {@code capture}, {@code refund} or {@code void}
 * @param status {@code succeeded} or {@code declined}
 */
public record PaymentRecord(
        String id,
        UUID orderId,
        String provider,
        String kind,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
        String currency,
        String status,
        String idempotencyKey,
        Instant at) {
}
