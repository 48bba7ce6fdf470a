package dev.mercato.payments.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import dev.mercato.payments.PaymentProvider.ProviderResult;
import dev.mercato.payments.PaymentRecord;

/** One row of the sandbox provider's ledger. */
record LedgerEntry(String id, UUID orderId, Kind kind, BigDecimal amount, String currency, String status,
        String declineReason, String idempotencyKey, String parentId, String token, Instant createdAt) {

    static final String SUCCEEDED = "succeeded";
    static final String DECLINED = "declined";

    enum Kind {
        AUTHORIZATION("authorization", "auth"),
        CAPTURE("capture", "cap"),
        REFUND("refund", "ref"),
        VOID("void", "void");

        private final String column;
        private final String idPrefix;

        Kind(String column, String idPrefix) {
            this.column = column;
            this.idPrefix = idPrefix;
        }

        String column() {
            return column;
        }

        String newId() {
            return idPrefix + "_" + UUID.randomUUID();
        }

        static Kind of(String column) {
            for (Kind kind : values()) {
                if (kind.column.equals(column)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown ledger kind '" + column + "'");
        }

        @Override
        public String toString() {
            return column;
        }
    }

    /** A new entry; a null decline reason means it succeeded. */
    static LedgerEntry create(Kind kind, UUID orderId, BigDecimal amount, String currency, String declineReason,
            String idempotencyKey, String parentId, String token, Instant now) {
        return new LedgerEntry(kind.newId(), orderId, kind, amount, currency,
                declineReason == null ? SUCCEEDED : DECLINED, declineReason, idempotencyKey, parentId, token, now);
    }

    boolean succeeded() {
        return SUCCEEDED.equals(status);
    }

    ProviderResult toResult() {
        return new ProviderResult(id, kind.column(), status, amount, currency, declineReason);
    }

    PaymentRecord toRecord(String provider) {
        return new PaymentRecord(id, orderId, provider, kind.column(), amount, currency, status, idempotencyKey, createdAt);
    }
}
