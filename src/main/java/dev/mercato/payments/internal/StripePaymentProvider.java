package dev.mercato.payments.internal;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.mercato.payments.PaymentProcessorUnavailableException;
import dev.mercato.payments.PaymentProvider;
import dev.mercato.payments.PaymentRecord;
import dev.mercato.payments.PaymentTimeoutException;

/**
 * Stripe over its REST API (plain HTTP, form-encoded requests, JSON answers): an authorisation is a
 * PaymentIntent confirmed with {@code capture_method=manual}, a capture is its {@code /capture}, a void
 * its {@code /cancel}, a refund a Refund of the captured charge. Every POST carries the caller's key as
 * Stripe's {@code Idempotency-Key}, so Stripe itself replays a repeated call instead of charging again.
 * <p>
 * Stripe's answers, as routing reads them:
 * <ul>
 * <li>{@code card_error} (402, e.g. {@code card_declined}) and {@code invalid_request_error} (400/404,
 *     e.g. capturing a cancelled intent): a decline, recorded as Stripe's code and message;</li>
 * <li>429 ({@code rate_limit}): down, nothing executed (Stripe runs no rate-limited request);</li>
 * <li>5xx ({@code api_error}): down, but the request reached Stripe, so routing asks first;</li>
 * <li>409 {@code idempotency_error} (the same key still running): outcome unknown, asked again;
 *     400 {@code idempotency_error} (the key reused with other parameters): a caller bug, thrown;</li>
 * <li>no connection (refused, connect timeout): down, nothing sent; the connection lost or no answer
 *     within {@code timeout} once sent ({@code api_connection_error} in Stripe's SDKs): unknown.</li>
 * </ul>
 * Stripe cannot be asked "what did key K do", so {@link #lookup} finds the order's PaymentIntent by
 * its metadata ({@code order_id}, written at authorisation) through the search API and reads the
 * step the key stands for from its state. Stripe's search index trails writes by up to a minute: a
 * look-up right after a timeout may find nothing yet, which reads as NONE (nothing charged), and the
 * order is cancelled; the reversal that follows looks again, so an authorisation that surfaces late
 * is voided, never captured.
 */
final class StripePaymentProvider implements PaymentProvider {

    static final String NAME = "stripe";

    private static final Pattern ORDER_KEY = Pattern.compile("order-([0-9a-fA-F-]{36})-(authorize|capture|void|refund)");

    private final HttpClient http;
    private final URI base;
    private final String apiKey;
    private final java.time.Duration timeout;
    private final JsonMapper json;

    StripePaymentProvider(PaymentsSettings.Stripe settings, JsonMapper json) {
        this.http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout()).version(HttpClient.Version.HTTP_1_1).build();
        this.base = settings.apiBase();
        this.apiKey = settings.apiKey();
        this.timeout = settings.timeout();
        this.json = json;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ProviderResult authorize(String idempotencyKey, UUID orderId, BigDecimal amount, String currency, String token) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("amount", Long.toString(minorUnits(amount, currency)));
        form.put("currency", currency.toLowerCase(Locale.ROOT));
        form.put("capture_method", "manual");
        form.put("confirm", "true");
        form.put("payment_method_types[]", "card");
        if (token != null && token.startsWith("pm_")) {
            form.put("payment_method", token);
        } else {
            form.put("payment_method_data[type]", "card");
            form.put("payment_method_data[card][token]", String.valueOf(token));
        }
        form.put("metadata[order_id]", orderId.toString());
        form.put("metadata[idempotency_key]", idempotencyKey);
        Answer answer = post("/v1/payment_intents", idempotencyKey, form);
        if (answer.declined()) {
            return declined(answer, "authorization", amount, currency);
        }
        return authorization(answer.body());
    }

    @Override
    public ProviderResult capture(String idempotencyKey, String authorizationId, BigDecimal amount) {
        // the whole authorised amount (Stripe's default): checkout captures what it authorised, and the
        // intent knows its currency's minor units where this call does not
        Answer answer = post("/v1/payment_intents/" + encode(authorizationId) + "/capture", idempotencyKey, Map.of());
        if (answer.declined()) {
            return declined(answer, "capture", amount, null);
        }
        return capture(answer.body());
    }

    @Override
    public ProviderResult voidAuthorization(String idempotencyKey, String authorizationId) {
        Answer answer = post("/v1/payment_intents/" + encode(authorizationId) + "/cancel", idempotencyKey, Map.of());
        if (answer.declined()) {
            return declined(answer, "void", BigDecimal.ZERO, null);
        }
        JsonNode intent = answer.body();
        return new ProviderResult(intent.path("id").asString(), "void", succeededIf("canceled".equals(status(intent))),
                amount(intent.path("amount").asLong(), currency(intent)), currency(intent),
                "canceled".equals(status(intent)) ? null : "payment intent is " + status(intent));
    }

    @Override
    public ProviderResult refund(String idempotencyKey, String captureId, BigDecimal amount) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put(captureId.startsWith("pi_") ? "payment_intent" : "charge", captureId);
        form.put("metadata[idempotency_key]", idempotencyKey);
        Answer answer = post("/v1/refunds", idempotencyKey, form);
        if (answer.declined()) {
            return declined(answer, "refund", amount, null);
        }
        return refundResult(answer.body());
    }

    @Override
    public Optional<ProviderResult> lookup(String idempotencyKey) {
        Matcher key = ORDER_KEY.matcher(idempotencyKey);
        if (!key.matches()) {
            return Optional.empty();
        }
        Optional<JsonNode> found = intentOf(UUID.fromString(key.group(1)));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        JsonNode intent = found.get();
        String status = status(intent);
        return switch (key.group(2)) {
            case "authorize" -> switch (status) {
                case "requires_capture", "succeeded", "canceled" -> Optional.of(authorization(intent));
                case "requires_payment_method" -> intent.path("last_payment_error").isObject()
                        ? Optional.of(new ProviderResult(intent.path("id").asString(), "authorization", "declined",
                                amount(intent.path("amount").asLong(), currency(intent)), currency(intent),
                                reason(intent.path("last_payment_error"))))
                        : Optional.empty();
                default -> Optional.empty();
            };
            case "capture" -> "succeeded".equals(status) ? Optional.of(capture(intent)) : Optional.empty();
            case "void" -> "canceled".equals(status)
                    ? Optional.of(new ProviderResult(intent.path("id").asString(), "void", "succeeded",
                            amount(intent.path("amount").asLong(), currency(intent)), currency(intent), null))
                    : Optional.empty();
            default -> refunds(intent).stream()
                    .filter(refund -> idempotencyKey.equals(refund.path("metadata").path("idempotency_key").asString(null)))
                    .findFirst().map(this::refundResult);
        };
    }

    @Override
    public List<PaymentRecord> ledger(UUID orderId) {
        Optional<JsonNode> found = intentOf(orderId);
        if (found.isEmpty()) {
            return List.of();
        }
        JsonNode intent = found.get();
        OrderKeys keys = new OrderKeys(orderId);
        Instant created = Instant.ofEpochSecond(intent.path("created").asLong());
        String currency = currency(intent);
        List<PaymentRecord> records = new ArrayList<>();
        ProviderResult authorization = authorization(intent);
        records.add(new PaymentRecord(authorization.id(), orderId, NAME, "authorization", authorization.amount(), currency,
                authorization.status(), keys.authorize(), created));
        if ("succeeded".equals(status(intent))) {
            ProviderResult capture = capture(intent);
            records.add(new PaymentRecord(capture.id(), orderId, NAME, "capture", capture.amount(), currency, "succeeded",
                    keys.capture(), created));
        } else if ("canceled".equals(status(intent))) {
            Instant canceled = intent.path("canceled_at").isNumber() ? Instant.ofEpochSecond(intent.path("canceled_at").asLong()) : created;
            records.add(new PaymentRecord(intent.path("id").asString(), orderId, NAME, "void", authorization.amount(), currency,
                    "succeeded", keys.voidAuthorization(), canceled));
        }
        for (JsonNode refund : refunds(intent)) {
            ProviderResult result = refundResult(refund);
            records.add(new PaymentRecord(result.id(), orderId, NAME, "refund", result.amount(), currency, result.status(),
                    refund.path("metadata").path("idempotency_key").asString(null),
                    Instant.ofEpochSecond(refund.path("created").asLong())));
        }
        return records;
    }

    @Override
    public Optional<UUID> orderOf(String paymentId) {
        if (!paymentId.startsWith("pi_")) {
            return Optional.empty();
        }
        Answer answer = get("/v1/payment_intents/" + encode(paymentId));
        String order = answer.declined() ? null : answer.body().path("metadata").path("order_id").asString(null);
        try {
            return Optional.ofNullable(order).map(UUID::fromString);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private Optional<JsonNode> intentOf(UUID orderId) {
        String query = "metadata['order_id']:'" + orderId + "'";
        Answer answer = get("/v1/payment_intents/search?query=" + encode(query) + "&limit=1");
        if (answer.declined()) {
            throw new IllegalStateException("stripe refused the search: " + reason(answer.body().path("error")));
        }
        JsonNode data = answer.body().path("data");
        return data.isArray() && !data.isEmpty() ? Optional.of(data.get(0)) : Optional.empty();
    }

    private List<JsonNode> refunds(JsonNode intent) {
        Answer answer = get("/v1/refunds?payment_intent=" + encode(intent.path("id").asString()) + "&limit=100");
        List<JsonNode> refunds = new ArrayList<>();
        if (!answer.declined()) {
            answer.body().path("data").forEach(refunds::add);
        }
        return refunds;
    }

    private ProviderResult authorization(JsonNode intent) {
        String status = status(intent);
        boolean authorized = List.of("requires_capture", "succeeded", "canceled").contains(status);
        return new ProviderResult(intent.path("id").asString(), "authorization", succeededIf(authorized),
                amount(intent.path("amount").asLong(), currency(intent)), currency(intent),
                authorized ? null : "payment intent is " + status);
    }

    private ProviderResult capture(JsonNode intent) {
        boolean captured = "succeeded".equals(status(intent));
        String id = intent.path("latest_charge").isString() ? intent.path("latest_charge").asString() : intent.path("id").asString();
        return new ProviderResult(id, "capture", succeededIf(captured),
                amount(intent.path("amount_received").asLong(), currency(intent)), currency(intent),
                captured ? null : "payment intent is " + status(intent));
    }

    private ProviderResult refundResult(JsonNode refund) {
        String status = refund.path("status").asString("");
        // a pending refund is under way and will not be undone: as good as done for the order
        boolean refunded = status.equals("succeeded") || status.equals("pending");
        return new ProviderResult(refund.path("id").asString(), "refund", succeededIf(refunded),
                amount(refund.path("amount").asLong(), currency(refund)), currency(refund),
                refunded ? null : "refund is " + status);
    }

    private static ProviderResult declined(Answer answer, String kind, BigDecimal amount, String currency) {
        JsonNode error = answer.body().path("error");
        String id = error.path("payment_intent").path("id").asString(null);
        return new ProviderResult(id == null ? "declined_" + UUID.randomUUID() : id, kind, "declined", amount,
                currency == null ? null : currency.toUpperCase(Locale.ROOT), reason(error));
    }

    private static String reason(JsonNode error) {
        String code = error.path("decline_code").asString(error.path("code").asString(error.path("type").asString("error")));
        return code + ": " + error.path("message").asString("");
    }

    private static String status(JsonNode intent) {
        return intent.path("status").asString("");
    }

    private static String succeededIf(boolean succeeded) {
        return succeeded ? "succeeded" : "declined";
    }

    private static String currency(JsonNode object) {
        return object.path("currency").asString("usd").toUpperCase(Locale.ROOT);
    }

    private static long minorUnits(BigDecimal amount, String currency) {
        return amount.movePointRight(fractionDigits(currency)).longValueExact();
    }

    private static BigDecimal amount(long minor, String currency) {
        return BigDecimal.valueOf(minor).movePointLeft(fractionDigits(currency));
    }

    private static int fractionDigits(String currency) {
        return Math.max(0, Currency.getInstance(currency.toUpperCase(Locale.ROOT)).getDefaultFractionDigits());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Stripe's answer: its JSON, and whether it is a decline (a 4xx Stripe means as a refusal of the operation). */
    private record Answer(JsonNode body, boolean declined) {
    }

    private Answer post(String path, String idempotencyKey, Map<String, String> form) {
        String body = form.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(request(path).header("Idempotency-Key", idempotencyKey)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private Answer get(String pathAndQuery) {
        return send(request(pathAndQuery).GET().build());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .header("Authorization", "Bearer " + apiKey)
                .header("Accept", "application/json");
    }

    private Answer send(HttpRequest request) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw new PaymentProcessorUnavailableException("stripe: no connection (" + e.getMessage() + ")", false);
        } catch (HttpTimeoutException e) {
            throw new PaymentTimeoutException("stripe: no answer within " + timeout + " after sending");
        } catch (IOException e) {
            // the request went out and the connection broke: Stripe may or may not have acted (api_connection_error)
            throw new PaymentTimeoutException("stripe: connection lost after sending (" + e + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PaymentTimeoutException("stripe: interrupted while waiting for the answer");
        }
        int status = response.statusCode();
        JsonNode body = parse(response.body());
        if (status >= 200 && status < 300) {
            return new Answer(body, false);
        }
        JsonNode error = body.path("error");
        String type = error.path("type").asString("");
        if (status == 429) {
            // Stripe executes no rate-limited request: nothing happened, another processor may take it
            throw new PaymentProcessorUnavailableException("stripe: rate limited (" + reason(error) + ")", false);
        }
        if (status >= 500) {
            throw new PaymentProcessorUnavailableException("stripe: server error " + status + " (" + reason(error) + ")", true);
        }
        if (type.equals("idempotency_error")) {
            if (status == 409) {
                throw new PaymentTimeoutException("stripe: the first request with this key is still running (" + reason(error) + ")");
            }
            throw new IllegalArgumentException("stripe refused the idempotency key: " + reason(error));
        }
        if (status == 401 || status == 403) {
            throw new PaymentProcessorUnavailableException("stripe: authentication refused (" + reason(error) + ")", false);
        }
        return new Answer(body, true);
    }

    private JsonNode parse(String body) {
        try {
            return json.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (RuntimeException e) {
            throw new PaymentProcessorUnavailableException("stripe: an answer that is not JSON", true);
        }
    }
}
