package dev.mercato.promotions.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonFormat;

/**
 * A coupon as admins see it.
 *
 * @param redemptions paid orders that used it (counted; returned ones excluded)
 * @param pending     orders waiting for their payment that hold a redemption (they count against the limits)
 * @param remaining   redemptions still possible, null without a maximum
 * @param active      whether a checkout now is inside its window
 */
public record CouponView(String id, String code, String kind,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal value, String currency,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal minSubtotal,
        Instant startsAt, Instant endsAt, Integer maxRedemptions, Integer perCustomerLimit,
        List<String> skus, List<String> categories, boolean active, long redemptions, long pending, Integer remaining,
        Instant createdAt, Instant deactivatedAt) {
}
