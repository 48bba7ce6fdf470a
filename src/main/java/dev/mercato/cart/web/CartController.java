package dev.mercato.cart.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.mercato.cart.internal.CartService;
import dev.mercato.cart.internal.CartView;
import dev.mercato.platform.database.TransientFailureRetry;
import dev.mercato.platform.security.Caller;

/** The caller's own cart: the route has no cart id, so nobody can address another's cart. */
@RestController
class CartController {

    private final CartService carts;
    private final TransientFailureRetry retry;

    CartController(CartService carts, TransientFailureRetry retry) {
        this.carts = carts;
        this.retry = retry;
    }

    record AddItem(@NotBlank @Size(max = 64) String sku, @NotNull @Min(1) @Max(1000) Integer quantity) {
    }

    record ChangeQuantity(@NotNull @Min(0) @Max(1000) Integer quantity) {
    }

    /** With {@code couponCode}: the coupon applied as a preview (nothing redeemed); a coupon that would be refused is its 409. */
    @GetMapping("/api/cart")
    CartView cart(@AuthenticationPrincipal Caller caller, @RequestParam(required = false) @Size(max = 64) String couponCode) {
        return carts.view(caller, couponCode);
    }

    @PostMapping("/api/cart/items")
    CartView add(@AuthenticationPrincipal Caller caller, @Valid @RequestBody AddItem item) {
        return retry.run(() -> carts.add(caller, item.sku(), item.quantity()));
    }

    @PatchMapping("/api/cart/items/{sku}")
    CartView change(@AuthenticationPrincipal Caller caller, @PathVariable String sku, @Valid @RequestBody ChangeQuantity change) {
        return retry.run(() -> carts.update(caller, sku, change.quantity()));
    }

    @DeleteMapping("/api/cart/items/{sku}")
    CartView remove(@AuthenticationPrincipal Caller caller, @PathVariable String sku) {
        return retry.run(() -> carts.remove(caller, sku));
    }
}
