package dev.mercato.promotions.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import dev.mercato.platform.commerce.Money;
import dev.mercato.platform.commerce.OrderId;
import dev.mercato.platform.commerce.Owner;
import dev.mercato.platform.web.ProblemException;
import dev.mercato.pricing.Coupons;
import dev.mercato.support.ApiTest;
import dev.mercato.support.Concurrently;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The limits are the database's: redemptions taken in parallel transactions, with nothing in front
 * of them (no cart lock serialising one customer's checkouts as over HTTP), pass neither limit.
 */
class CouponLimitConstraintTests extends ApiTest {

    @Autowired
    CouponCodes codes;

    @Autowired
    CouponRedemptions redemptions;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void parallelRedemptionsOfOneCustomerStopAtThePerCustomerLimit() throws Exception {
        Coupons.Coupon coupon = coupon(null, 2);
        Owner customer = Owner.customer(UUID.randomUUID());
        List<String> outcomes = Concurrently.run(10, i -> () -> redeem(customer, coupon));
        assertThat(outcomes).filteredOn("taken"::equals).hasSize(2);
        assertThat(outcomes).filteredOn(o -> !o.equals("taken")).containsOnly("coupon-limit");
        assertThat(jdbc.sql("SELECT count(*) FROM coupon_redemptions WHERE coupon_id = :id").param("id", coupon.id())
                .query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void parallelRedemptionsOfManyCustomersStopAtTheMaximum() throws Exception {
        Coupons.Coupon coupon = coupon(7, null);
        List<String> outcomes = Concurrently.run(30, i -> () -> redeem(Owner.customer(UUID.randomUUID()), coupon));
        assertThat(outcomes).filteredOn("taken"::equals).hasSize(7);
        assertThat(outcomes).filteredOn(o -> !o.equals("taken")).containsOnly("coupon-exhausted");
        assertThat(jdbc.sql("SELECT taken FROM coupons WHERE id = :id").param("id", coupon.id()).query(Integer.class).single())
                .isEqualTo(7);
    }

    @Test
    void givingBackFreesTheSlotOnceHoweverOftenItIsCalled() {
        Coupons.Coupon coupon = coupon(1, 1);
        Owner customer = Owner.customer(UUID.randomUUID());
        OrderId order = OrderId.random();
        transactions.executeWithoutResult(tx -> redemptions.redeem(customer, coupon, order, Money.of("1.00", "USD")));
        for (int i = 0; i < 3; i++) {
            transactions.executeWithoutResult(tx -> redemptions.giveBack(order));
        }
        assertThat(jdbc.sql("SELECT taken FROM coupons WHERE id = :id").param("id", coupon.id()).query(Integer.class).single()).isZero();
        assertThat(jdbc.sql("SELECT taken FROM coupon_customer_uses WHERE coupon_id = :id").param("id", coupon.id())
                .query(Integer.class).single()).isZero();
        assertThat(redeem(customer, coupon)).isEqualTo("taken");
    }

    private String redeem(Owner owner, Coupons.Coupon coupon) {
        try {
            transactions.executeWithoutResult(tx -> redemptions.redeem(owner, coupon, OrderId.random(), Money.of("1.00", "USD")));
            return "taken";
        } catch (ProblemException refused) {
            return refused.code();
        }
    }

    private Coupons.Coupon coupon(Integer maxRedemptions, Integer perCustomerLimit) {
        CouponView view = codes.create(new CouponCodes.NewCoupon("K" + UUID.randomUUID().toString().substring(0, 8), "percentage",
                BigDecimal.TEN, null, null, Instant.now().minus(1, ChronoUnit.MINUTES), Instant.now().plus(1, ChronoUnit.HOURS),
                maxRedemptions, perCustomerLimit, List.of(), List.of()));
        return redemptions.find(view.code()).orElseThrow();
    }
}
