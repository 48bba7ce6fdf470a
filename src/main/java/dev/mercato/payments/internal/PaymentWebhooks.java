package dev.mercato.payments.internal;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.mercato.payments.PaymentReported;
import dev.mercato.platform.web.ProblemException;

/**
 * Receives processors' signed notifications ({@code POST /api/payments/webhooks/{provider}}): checks
 * the signature over the raw body first ({@link WebhookSignatures}), then stores the event by
 * (provider, event id) and publishes {@link PaymentReported} in the same transaction, so the event
 * reaches its listeners through the outbox at least once and a re-delivery of a stored id changes
 * nothing. A refused request (bad signature, malformed body) writes nothing.
 * <p>
 * Bodies: Mercato's {@code {id, type, data:{paymentIntent|idempotencyKey, amount, currency}}} and
 * Stripe's events ({@code payment_intent.succeeded}, {@code payment_intent.payment_failed},
 * {@code charge.refunded}, with the PaymentIntent in {@code data.object} and the order id in its
 * metadata). Other Stripe event types are stored and acknowledged, and change nothing.
 */
@Service
class PaymentWebhooks {

    private static final Logger log = LoggerFactory.getLogger(PaymentWebhooks.class);
    private static final Pattern ORDER_KEY = Pattern.compile("order-([0-9a-fA-F-]{36})-(authorize|capture|void|refund)");
    private static final Map<String, String> STRIPE_TYPES = Map.of(
            "payment_intent.succeeded", PaymentReported.SUCCEEDED,
            "payment_intent.payment_failed", PaymentReported.FAILED,
            "charge.refunded", PaymentReported.REFUNDED);
    private static final java.util.Set<String> TYPES = java.util.Set.of(PaymentReported.SUCCEEDED, PaymentReported.FAILED,
            PaymentReported.REFUNDED);

    /** What the caller is told. */
    record Receipt(String id, boolean duplicate) {
    }

    private final PaymentsService payments;
    private final PaymentsSettings settings;
    private final WebhookSignatures signatures;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final JsonMapper json;
    private final Clock clock;

    PaymentWebhooks(PaymentsService payments, PaymentsSettings settings, JdbcClient jdbc, TransactionTemplate transactions,
            ApplicationEventPublisher events, JsonMapper json, Clock clock) {
        this.payments = payments;
        this.settings = settings;
        this.signatures = new WebhookSignatures(clock, settings.webhook().tolerance());
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.events = events;
        this.json = json;
        this.clock = clock;
    }

    Receipt receive(String provider, String signature, byte[] body) {
        String secret = secretOf(provider);
        String refusal = signatures.refusal(signature, body, secret);
        if (refusal != null) {
            log.warn("webhook refused provider={} reason={}", provider, refusal);
            throw ProblemException.badRequest("invalid-signature", "Webhook refused: " + refusal);
        }
        Event event = parse(provider, body);
        UUID orderId = orderOf(provider, event);
        boolean stored = Boolean.TRUE.equals(transactions.execute(tx -> {
            boolean inserted = jdbc.sql("""
                    INSERT INTO payment_webhook_events (provider, event_id, type, order_id, body, received_at)
                    VALUES (:provider, :id, :type, :order, :body, :now)
                    ON CONFLICT (provider, event_id) DO NOTHING""")
                    .param("provider", provider).param("id", event.id()).param("type", event.type())
                    .param("order", orderId).param("body", new String(body, StandardCharsets.UTF_8))
                    .param("now", Timestamp.from(clock.instant()))
                    .update() == 1;
            if (inserted) {
                events.publishEvent(new PaymentReported(provider, event.id(), event.type(), orderId));
            }
            return inserted;
        }));
        log.info("webhook received provider={} eventId={} type={} orderId={} duplicate={}", provider, event.id(), event.type(),
                orderId, !stored);
        return new Receipt(event.id(), !stored);
    }

    private String secretOf(String provider) {
        if (!payments.knows(provider)) {
            throw ProblemException.notFound("Payment processor", provider);
        }
        String secret = provider.equals(StripePaymentProvider.NAME) ? settings.stripe().webhookSecret() : settings.webhook().secret();
        if (secret == null || secret.isBlank()) {
            throw new ProblemException(org.springframework.http.HttpStatus.NOT_FOUND, "webhooks-not-configured", "Not found",
                    "Webhooks of " + provider + " are not configured (no signing secret)");
        }
        return secret;
    }

    /** @param reference the processor's payment id; @param key an order's idempotency key; @param orderId from metadata */
    private record Event(String id, String type, String reference, String key, String orderId) {
    }

    private Event parse(String provider, byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            throw ProblemException.badRequest("invalid-webhook", "The webhook body is not JSON");
        }
        String id = text(root, "id");
        String type = text(root, "type");
        if (id == null || id.isBlank() || id.length() > 255) {
            throw ProblemException.badRequest("invalid-webhook", "The webhook needs an id (1 to 255 characters)");
        }
        if (type == null) {
            throw ProblemException.badRequest("invalid-webhook", "The webhook needs a type");
        }
        JsonNode data = root.path("data");
        JsonNode object = data.path("object");
        if (object.isObject()) {
            // Stripe's shape: the PaymentIntent itself, the order in its metadata
            return new Event(id, STRIPE_TYPES.getOrDefault(type, type), text(object, "payment_intent") != null
                    ? text(object, "payment_intent") : text(object, "id"), null, text(object.path("metadata"), "order_id"));
        }
        if (!TYPES.contains(type)) {
            throw ProblemException.badRequest("invalid-webhook", "Unknown webhook type '" + type + "'; known: " + TYPES);
        }
        return new Event(id, type, text(data, "paymentIntent"), text(data, "idempotencyKey"), null);
    }

    private UUID orderOf(String provider, Event event) {
        Optional<UUID> order = Optional.empty();
        if (event.key() != null) {
            Matcher key = ORDER_KEY.matcher(event.key());
            if (key.matches()) {
                order = uuid(key.group(1));
            }
        }
        if (order.isEmpty() && event.orderId() != null) {
            order = uuid(event.orderId());
        }
        if (order.isEmpty() && event.reference() != null) {
            order = payments.orderOf(provider, event.reference());
        }
        return order.orElse(null);
    }

    private static Optional<UUID> uuid(String text) {
        try {
            return Optional.of(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() ? value.asString() : null;
    }
}
