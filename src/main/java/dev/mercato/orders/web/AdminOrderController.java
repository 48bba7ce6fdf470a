package dev.mercato.orders.web;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.mercato.orders.internal.OrderLifecycle;
import dev.mercato.orders.internal.OrderQueries;
import dev.mercato.orders.internal.OrderView;
import dev.mercato.platform.web.Page;
import dev.mercato.platform.web.ProblemException;

@RestController
class AdminOrderController {

    private final OrderQueries queries;
    private final OrderLifecycle lifecycle;

    AdminOrderController(OrderQueries queries, OrderLifecycle lifecycle) {
        this.queries = queries;
        this.lifecycle = lifecycle;
    }

    record Shipment(@NotBlank @Size(max = 100) String carrier, @NotBlank @Size(max = 100) String trackingNumber) {
    }

    @GetMapping("/api/admin/orders")
    Page<OrderView> orders(
            @RequestParam(required = false) @Pattern(regexp = "pending_payment|paid|fulfilling|shipped|delivered|cancelled|refunded",
                    message = "must be an order status") String status,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit,
            @RequestParam(required = false) @Size(max = 200) String cursor) {
        return queries.page(null, status, cursor, limit);
    }

    @GetMapping("/api/admin/orders/{id}")
    OrderView order(@PathVariable UUID id) {
        return queries.any(id).orElseThrow(() -> ProblemException.notFound("order", id));
    }

    @PostMapping("/api/admin/orders/{id}/ship")
    OrderView ship(@PathVariable UUID id, @Valid @RequestBody Shipment shipment) {
        return lifecycle.ship(id, shipment.carrier(), shipment.trackingNumber());
    }

    @PostMapping("/api/admin/orders/{id}/deliver")
    OrderView deliver(@PathVariable UUID id) {
        return lifecycle.deliver(id);
    }

    @PostMapping("/api/admin/orders/{id}/refund")
    OrderView refund(@PathVariable UUID id) {
        return lifecycle.refund(id);
    }
}
