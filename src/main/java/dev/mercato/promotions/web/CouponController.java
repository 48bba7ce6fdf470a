package dev.mercato.promotions.web;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.mercato.platform.web.Page;
import dev.mercato.platform.web.ProblemException;
import dev.mercato.promotions.internal.CouponCodes;
import dev.mercato.promotions.internal.CouponView;

/** Coupons (API.md "Promotions and coupons"): admins only, as every {@code /api/admin} route. */
@RestController
class CouponController {

    private final CouponCodes coupons;

    CouponController(CouponCodes coupons) {
        this.coupons = coupons;
    }

    record NewCoupon(
            @NotBlank @Pattern(regexp = "[A-Za-z0-9_-]{3,64}", message = "3 to 64 letters, digits, '-' or '_'") String code,
            @NotNull @Pattern(regexp = "percentage|fixed", message = "must be percentage or fixed") String kind,
            @NotNull @DecimalMin(value = "0.00", inclusive = false) @DecimalMax("9999999999.99") @Digits(integer = 10, fraction = 2)
            BigDecimal value,
            @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code like USD") String currency,
            @DecimalMin("0.00") @DecimalMax("9999999999.99") @Digits(integer = 10, fraction = 2) BigDecimal minSubtotal,
            @NotNull Instant startsAt,
            @NotNull Instant endsAt,
            @Min(1) @Max(1_000_000_000) Integer maxRedemptions,
            @Min(1) @Max(1_000_000) Integer perCustomerLimit,
            @Size(max = 1000) List<@NotBlank @Size(max = 64) String> skus,
            @Size(max = 100) List<@NotBlank @Pattern(regexp = "/?[a-z0-9]+(-[a-z0-9]+)*(/[a-z0-9]+(-[a-z0-9]+)*)*/?",
                    message = "must be a category path like home/lighting") String> categories) {
    }

    @PostMapping("/api/admin/promotions")
    ResponseEntity<CouponView> create(@Valid @RequestBody NewCoupon request) {
        CouponView created = coupons.create(new CouponCodes.NewCoupon(request.code(), request.kind(), request.value(),
                request.currency(), request.minSubtotal(), request.startsAt(), request.endsAt(), request.maxRedemptions(),
                request.perCustomerLimit(), request.skus(), request.categories()));
        return ResponseEntity.created(URI.create("/api/admin/promotions/" + created.id())).body(created);
    }

    @GetMapping("/api/admin/promotions")
    Page<CouponView> list(@RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit,
            @RequestParam(required = false) @Size(max = 200) String cursor) {
        return coupons.page(cursor, limit);
    }

    @GetMapping("/api/admin/promotions/{id}")
    CouponView coupon(@PathVariable UUID id) {
        return coupons.find(id).orElseThrow(() -> ProblemException.notFound("promotion", id));
    }

    /** Ends the coupon now; it stays listed with its redemptions. */
    @DeleteMapping("/api/admin/promotions/{id}")
    CouponView end(@PathVariable UUID id) {
        return coupons.end(id);
    }
}
