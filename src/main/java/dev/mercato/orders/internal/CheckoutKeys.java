package dev.mercato.orders.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import dev.mercato.platform.commerce.Owner;
import dev.mercato.platform.web.ProblemException;

/**
 * The idempotency key of one checkout, each step in its own commit: claimed before anything else
 * (the first recovery point), completed with a refusal, freed when nothing was created, read back
 * for a repeat, or taken over by a retry when the checkout holding it stopped (issue 12: the retry
 * resumes from the key's recovery point). Completing after payment is {@link PaymentResults}' job, in phase 3's transaction.
 */
@Component
class CheckoutKeys {

    private final IdempotencyKeys keys;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final Clock clock;
    private final OrdersSettings settings;

    CheckoutKeys(IdempotencyKeys keys, TransactionTemplate transactions, JsonMapper json, Clock clock, OrdersSettings settings) {
        this.keys = keys;
        this.transactions = transactions;
        this.json = json;
        this.clock = clock;
        this.settings = settings;
    }

    /** What a request with a key claimed before must do. */
    sealed interface Repeat {
        /** The checkout is finished: answer what was stored. */
        record Replay(CheckoutResult result) implements Repeat {
        }

        /** The checkout stopped and this request took it over: continue from phase 1 ({@code orderId} null) or phase 2. */
        record Resume(UUID orderId) implements Repeat {
        }
    }

    /** @return true when this request claimed the key and must run the checkout; false for a repeat */
    boolean claim(Owner owner, String key, CheckoutRequest request) {
        return transactions.execute(tx -> keys.claim(owner, key, fingerprint(request), clock.instant()));
    }

    /** Stores the refusal as the key's answer (nothing was created) and returns it. */
    CheckoutResult refuse(Owner owner, String key, ProblemException refusal) {
        String body = json.writeValueAsString(refusal.toProblemDetail());
        transactions.executeWithoutResult(tx -> keys.complete(owner, key, refusal.status().value(), body, clock.instant()));
        return new CheckoutResult(refusal.status().value(), body, null, false);
    }

    /** Nothing was created, so the client may safely retry with the same key. */
    void release(Owner owner, String key) {
        transactions.executeWithoutResult(tx -> keys.release(owner, key));
    }

    /**
     * A request with a key that exists: the stored answer when the checkout finished; a takeover when
     * it stopped (its lease ran out, see {@link OrdersSettings#checkoutLease}); 409 while another
     * request or the recovery job holds it; 422 for another body.
     */
    Repeat repeat(Owner owner, String key, CheckoutRequest request) {
        IdempotencyKeys.Stored stored = keys.find(owner, key).orElseThrow(() ->
                // claimed and freed again between our insert and read: the first request failed cleanly
                inFlight());
        if (!stored.fingerprint().equals(fingerprint(request))) {
            throw new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused", "Idempotency key reused",
                    "This Idempotency-Key was used with a different request body");
        }
        if (stored.completed()) {
            return replay(stored);
        }
        Optional<IdempotencyKeys.Stored> taken = transactions.execute(tx -> keys.takeOver(owner, key, clock.instant(), settings.checkoutLease()));
        if (taken.isPresent()) {
            return new Repeat.Resume(taken.get().orderId());
        }
        return keys.find(owner, key).filter(IdempotencyKeys.Stored::completed).map(CheckoutKeys::replay).orElseThrow(CheckoutKeys::inFlight);
    }

    /** The stored final answer, when there is one (a resumed checkout someone else finished meanwhile). */
    Optional<CheckoutResult> finished(Owner owner, String key) {
        return keys.find(owner, key).filter(IdempotencyKeys.Stored::completed).map(stored -> replay(stored).result());
    }

    private static Repeat.Replay replay(IdempotencyKeys.Stored stored) {
        return new Repeat.Replay(new CheckoutResult(stored.responseStatus(), stored.responseBody(),
                stored.orderId() == null ? null : stored.orderId().toString(), true));
    }

    static ProblemException inFlight() {
        return new ProblemException(HttpStatus.CONFLICT, "request-in-flight", "Request in flight",
                "A request with this Idempotency-Key is being processed; retry shortly");
    }

    private String fingerprint(CheckoutRequest request) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.writeValueAsString(request).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
