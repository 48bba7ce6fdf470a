package dev.mercato.payments.internal;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.transaction.support.TransactionTemplate;

import dev.mercato.payments.PaymentProvider;
import dev.mercato.payments.PaymentRecord;
import dev.mercato.payments.PaymentTimeoutException;
import dev.mercato.payments.internal.LedgerEntry.Kind;

/**
 * The built-in processor: it moves no real money but keeps a ledger ({@code sandbox_payments}) and
 * enforces the rules a real processor does, so checkout runs against it exactly as against a real one.
 * Test cards, given as the token of an authorisation:
 * <ul>
 * <li>{@code tok_visa} approves;</li>
 * <li>{@code tok_declined} declines ("card declined");</li>
 * <li>{@code tok_timeout} does not answer in time: throws {@link PaymentTimeoutException} at once.
 *     Whether it authorised before going silent depends on the order, so that both cases happen and a
 *     test can pick one: it did when the order id ends in an even hex digit
 *     ({@link #authorizesBeforeTimingOut}). A retry under the same key then gets the stored
 *     authorisation, as from any processor that kept it;</li>
 * <li>{@code tok_processor_down} approves here: it stands for a good card whose payment finds the
 *     first processor of the routing down, which routing itself plays ({@code PaymentsService});</li>
 * <li>any other token declines ("unknown test card").</li>
 * </ul>
 * Several sandboxes run side by side ({@code sandbox}, {@code sandbox-a}, {@code sandbox-b}, see
 * {@code SandboxProcessors}), each with its own ledger table.
 * A capture needs a succeeded authorisation that is neither captured nor voided and an amount not
 * above it; a void an authorisation that is neither; a refund a capture not yet refunded and an amount
 * not above it. Otherwise the call is declined, and the decline is recorded under its key like any
 * answer. Referring to an id the ledger does not hold is a caller bug and throws.
 */
final class SandboxPaymentProvider implements PaymentProvider {

    static final String NAME = "sandbox";

    private final String name;
    private final SandboxLedger ledger;
    private final TransactionTemplate transactions;
    private final Clock clock;

    SandboxPaymentProvider(String name, SandboxLedger ledger, TransactionTemplate transactions, Clock clock) {
        this.name = name;
        this.ledger = ledger;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Whether {@code tok_timeout} authorises this order before it times out. */
    static boolean authorizesBeforeTimingOut(UUID orderId) {
        return (orderId.getLeastSignificantBits() & 1) == 0;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean ledgerInApplicationDatabase() {
        return true;
    }

    /**
     * A card that always answers the same is stored straight away: the insert that finds the key taken
     * answers with what the key holds, so no look-up beforehand is needed (one statement, not two, on
     * checkout's path). {@code tok_timeout} looks first: a retry must get the stored authorisation
     * rather than time out again.
     */
    @Override
    public ProviderResult authorize(String idempotencyKey, UUID orderId, BigDecimal amount, String currency, String token) {
        requireAmount(amount);
        return switch (String.valueOf(token)) {
            case "tok_visa", "tok_processor_down" -> authorization(idempotencyKey, orderId, amount, currency, token, null);
            case "tok_declined" -> authorization(idempotencyKey, orderId, amount, currency, token, "card declined");
            case "tok_timeout" -> {
                Optional<ProviderResult> replayed = replay(idempotencyKey, Kind.AUTHORIZATION);
                if (replayed.isPresent()) {
                    yield replayed.get();
                }
                if (authorizesBeforeTimingOut(orderId)) {
                    authorization(idempotencyKey, orderId, amount, currency, token, null);
                }
                throw new SandboxCardTimeout(name + ": tok_timeout did not answer in time");
            }
            default -> authorization(idempotencyKey, orderId, amount, currency, token, "unknown test card");
        };
    }

    @Override
    public ProviderResult capture(String idempotencyKey, String authorizationId, BigDecimal amount) {
        requireAmount(amount);
        return settle(idempotencyKey, Kind.CAPTURE, authorizationId, Kind.AUTHORIZATION, amount,
                (authorization, settlement) -> settlementRefusal(authorization, settlement)
                        .or(() -> amountRefusal(amount, authorization, "authorization")));
    }

    @Override
    public ProviderResult voidAuthorization(String idempotencyKey, String authorizationId) {
        return settle(idempotencyKey, Kind.VOID, authorizationId, Kind.AUTHORIZATION, null,
                SandboxPaymentProvider::settlementRefusal);
    }

    @Override
    public ProviderResult refund(String idempotencyKey, String captureId, BigDecimal amount) {
        requireAmount(amount);
        return settle(idempotencyKey, Kind.REFUND, captureId, Kind.CAPTURE, amount, (capture, refund) -> {
            if (!capture.succeeded()) {
                return Optional.of("capture was declined");
            }
            return refund.map(r -> "capture already refunded").or(() -> amountRefusal(amount, capture, "capture"));
        });
    }

    @Override
    public Optional<ProviderResult> lookup(String idempotencyKey) {
        return ledger.byKey(idempotencyKey).map(LedgerEntry::toResult);
    }

    @Override
    public List<PaymentRecord> ledger(UUID orderId) {
        return ledger.byOrder(orderId).stream().map(entry -> entry.toRecord(name)).toList();
    }

    @Override
    public Optional<UUID> orderOf(String paymentId) {
        return ledger.orderOf(paymentId);
    }

    private ProviderResult authorization(String key, UUID orderId, BigDecimal amount, String currency, String token,
            String declineReason) {
        LedgerEntry entry = LedgerEntry.create(Kind.AUTHORIZATION, orderId, amount, currency, declineReason, key,
                null, token, clock.instant());
        return stored(ledger.insertOnce(entry), Kind.AUTHORIZATION);
    }

    /**
     * Captures, voids or refunds {@code parentId} under the key. The parent row stays locked from the
     * check to the insert, so two calls cannot both find it unsettled; a concurrent call with the same
     * key waits for the lock, then finds the first call's row stored under the key and answers with it.
     * A repeated call does the same: whatever the rules say now, the insert finds its key taken and the
     * answer is the first call's, so no look-up is made beforehand (checkout's capture is one
     * statement shorter).
     *
     * @param amount null to settle the parent's whole amount
     */
    private ProviderResult settle(String key, Kind kind, String parentId, Kind parentKind, BigDecimal amount,
            Rules rules) {
        return transactions.execute(tx -> {
            LedgerEntry parent = ledger.lock(parentId).filter(entry -> entry.kind() == parentKind)
                    .orElseThrow(() -> new IllegalArgumentException(name + " holds no " + parentKind + " '" + parentId + "'"));
            String declineReason = rules.refusal(parent, ledger.settlementOf(parent.id())).orElse(null);
            LedgerEntry entry = LedgerEntry.create(kind, parent.orderId(), amount == null ? parent.amount() : amount,
                    parent.currency(), declineReason, key, parent.id(), parent.token(), clock.instant());
            return stored(ledger.insertOnce(entry), kind);
        });
    }

    private Optional<ProviderResult> replay(String key, Kind kind) {
        return ledger.byKey(key).map(stored -> stored(stored, kind));
    }

    /** Real processors refuse a key reused for another operation instead of answering something unrelated. */
    private static ProviderResult stored(LedgerEntry stored, Kind requested) {
        if (stored.kind() != requested) {
            throw new IllegalArgumentException("idempotency key '" + stored.idempotencyKey() + "' was first used for "
                    + stored.kind() + ", not " + requested);
        }
        return stored.toResult();
    }

    private static Optional<String> settlementRefusal(LedgerEntry authorization, Optional<LedgerEntry> settlement) {
        if (!authorization.succeeded()) {
            return Optional.of("authorization was declined");
        }
        return settlement.map(s -> s.kind() == Kind.VOID ? "authorization was voided" : "authorization already captured");
    }

    private static Optional<String> amountRefusal(BigDecimal amount, LedgerEntry parent, String parentName) {
        return amount.compareTo(parent.amount()) > 0
                ? Optional.of("amount exceeds the " + parentName)
                : Optional.empty();
    }

    private static void requireAmount(BigDecimal amount) {
        if (amount == null || amount.signum() < 0) {
            throw new IllegalArgumentException("amount must be zero or more, was " + amount);
        }
    }

    /** Why a capture, void or refund of a parent must be declined, given its current settlement. */
    @FunctionalInterface
    private interface Rules {
        Optional<String> refusal(LedgerEntry parent, Optional<LedgerEntry> settlement);
    }
}
