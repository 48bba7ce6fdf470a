package dev.mercato.payments.internal;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Which processor an order's money is with ({@code payment_routes}, V70). Every change is a
 * compare-and-set on the order's one row, so concurrent charges of one order agree on one processor.
 */
interface PaymentRoutes {

    /**
     * @param provider the processor the order's payment goes to
     * @param pinned   an authorisation succeeded there: the order's money stays with it
     * @param skipped  processors found down for this order, never tried again for it
     */
    record Route(String provider, boolean pinned, List<String> skipped) {
    }

    /** The order's route, claiming {@code first} for it when it has none yet. */
    Route claim(UUID orderId, String first);

    Optional<Route> find(UUID orderId);

    /** Moves the order from {@code from} (found down) to {@code to}, only while the route names {@code from} unpinned. */
    boolean moveOn(UUID orderId, String from, String to);

    /** Pins the order to {@code provider}, only while the route names it: false when another charge moved it on meanwhile. */
    boolean pin(UUID orderId, String provider);
}
