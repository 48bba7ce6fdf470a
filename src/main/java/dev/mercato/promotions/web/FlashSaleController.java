package dev.mercato.promotions.web;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.mercato.platform.database.TransientFailureRetry;
import dev.mercato.platform.security.Caller;
import dev.mercato.platform.web.ProblemException;
import dev.mercato.promotions.internal.FlashSales;

@RestController
class FlashSaleController {

    private final FlashSales flashSales;
    private final TransientFailureRetry retry;

    FlashSaleController(FlashSales flashSales, TransientFailureRetry retry) {
        this.flashSales = flashSales;
        this.retry = retry;
    }

    record NewFlashSale(
            @NotBlank String sku,
            @NotNull @DecimalMin("0.00") @DecimalMax("9999999999.99") @Digits(integer = 10, fraction = 2) BigDecimal price,
            @NotNull Instant startsAt,
            @NotNull Instant endsAt,
            @NotNull @Min(1) @Max(1_000_000_000) Integer quantity,
            @NotNull @Min(1) @Max(1000) Integer perCustomerLimit) {
    }

    record ClaimRequest(@NotNull @Min(1) @Max(1000) Integer quantity) {
    }

    @PostMapping("/api/admin/flash-sales")
    ResponseEntity<FlashSales.FlashSale> create(@Valid @RequestBody NewFlashSale request) {
        var sale = flashSales.create(request.sku(), request.price(), request.startsAt(), request.endsAt(), request.quantity(),
                request.perCustomerLimit());
        return ResponseEntity.created(URI.create("/api/flash-sales/" + sale.id())).body(sale);
    }

    /** The console's flash-sale monitor: newest first, with what is left; {@code at} is when it was read. */
    @GetMapping("/api/admin/flash-sales")
    Map<String, Object> latest(@RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit) {
        return Map.of("items", flashSales.latest(limit), "at", Instant.now());
    }

    @GetMapping("/api/flash-sales/{id}")
    FlashSales.FlashSale flashSale(@PathVariable UUID id) {
        return flashSales.find(id).orElseThrow(() -> ProblemException.notFound("flash sale", id));
    }

    /** Claims units at the special price; they go into the caller's cart and are charged at that price at checkout. */
    @PostMapping("/api/flash-sales/{id}/claims")
    FlashSales.Claim claim(@AuthenticationPrincipal Caller caller, @PathVariable UUID id, @Valid @RequestBody ClaimRequest request) {
        return retry.run(() -> flashSales.claim(caller, id, request.quantity()));
    }
}
