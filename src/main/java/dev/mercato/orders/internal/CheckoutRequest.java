package dev.mercato.orders.internal;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The body of {@code POST /api/orders}. */
public record CheckoutRequest(
        @NotNull @Valid ShippingAddress shippingAddress,
        @NotNull @Valid Payment payment,
        @Size(max = 64) String couponCode) {

    public record ShippingAddress(
            @NotBlank @Size(max = 200) String name,
            @NotBlank @Size(max = 200) String line1,
            @Size(max = 200) String line2,
            @NotBlank @Size(max = 100) String city,
            @NotBlank @Size(max = 20) String postalCode,
            @NotBlank @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166 alpha-2 code like US") String country) {
    }

    public record Payment(
            @NotBlank @Pattern(regexp = "card", message = "must be card") String method,
            @NotBlank @Size(max = 200) String token) {
    }
}
