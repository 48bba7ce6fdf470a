package dev.mercato.orders.web;

import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

import dev.mercato.orders.internal.Checkout;
import dev.mercato.orders.internal.CheckoutRequest;
import dev.mercato.orders.internal.CheckoutResult;
import dev.mercato.orders.internal.OrderLifecycle;
import dev.mercato.orders.internal.OrderQueries;
import dev.mercato.orders.internal.OrderStreams;
import dev.mercato.orders.internal.OrderView;
import dev.mercato.platform.database.TransientFailureRetry;
import dev.mercato.platform.commerce.Owner;
import dev.mercato.platform.security.Caller;
import dev.mercato.platform.web.Page;
import dev.mercato.platform.web.ETags;
import dev.mercato.platform.web.ProblemException;

@RestController
class OrderController {

    static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    private final Checkout checkout;
    private final OrderQueries queries;
    private final OrderLifecycle lifecycle;
    private final OrderStreams streams;
    private final JsonMapper json;
    private final TransientFailureRetry retry;

    OrderController(Checkout checkout, OrderQueries queries, OrderLifecycle lifecycle, OrderStreams streams, JsonMapper json,
            TransientFailureRetry retry) {
        this.retry = retry;
        this.checkout = checkout;
        this.queries = queries;
        this.lifecycle = lifecycle;
        this.streams = streams;
        this.json = json;
    }

    @PostMapping("/api/orders")
    ResponseEntity<String> placeOrder(@AuthenticationPrincipal Caller caller,
            @RequestHeader(name = "Idempotency-Key", required = false) String key,
            @Valid @RequestBody CheckoutRequest request) {
        if (key == null || key.isEmpty()) {
            throw ProblemException.badRequest("idempotency-key-missing", "POST /api/orders needs an Idempotency-Key header");
        }
        if (!KEY.matcher(key).matches()) {
            throw ProblemException.badRequest("idempotency-key-malformed", "Idempotency-Key must be 1-255 printable ASCII characters");
        }
        CheckoutResult result = checkout.placeOrder(caller, key, request);
        var response = ResponseEntity.status(result.status())
                .contentType(result.isProblem() ? MediaType.APPLICATION_PROBLEM_JSON : MediaType.APPLICATION_JSON);
        if (result.replayed()) {
            response.header("Idempotent-Replayed", "true");
        }
        if (result.orderId() != null && !result.isProblem()) {
            response.location(java.net.URI.create("/api/orders/" + result.orderId()));
        }
        return response.body(result.body());
    }

    @GetMapping("/api/orders")
    Page<OrderView> orders(@AuthenticationPrincipal Caller caller,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit,
            @RequestParam(required = false) @Size(max = 200) String cursor) {
        return queries.page(Owner.of(caller), null, cursor, limit);
    }

    /** Polling fallback for tracking: the ETag is a digest of the order, so an unchanged order answers 304. */
    @GetMapping("/api/orders/{id}")
    ResponseEntity<byte[]> order(@AuthenticationPrincipal Caller caller, @PathVariable UUID id, WebRequest request) {
        byte[] body = json.writeValueAsBytes(queries.owned(caller, id));
        String etag = ETags.of(body);
        if (request.checkNotModified(etag)) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).cacheControl(CacheControl.noCache().cachePrivate()).build();
        }
        return ResponseEntity.ok().eTag(etag).cacheControl(CacheControl.noCache().cachePrivate())
                .contentType(MediaType.APPLICATION_JSON).body(body);
    }

    @GetMapping(path = "/api/orders/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(@AuthenticationPrincipal Caller caller, @PathVariable UUID id) {
        queries.owned(caller, id);
        return streams.open(id);
    }

    @PostMapping("/api/orders/{id}/cancel")
    OrderView cancel(@AuthenticationPrincipal Caller caller, @PathVariable UUID id) {
        return retry.run(() -> lifecycle.cancelByCustomer(caller, id));
    }
}
