package dev.mercato.orders.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import dev.mercato.customers.GuestSessionClaimed;
import dev.mercato.platform.commerce.Owner;

/**
 * A guest who logs in or registers keeps the orders they placed as a guest: the guest token is
 * revoked at that moment, so without this nobody but an admin could see or track those orders.
 * Redelivery finds nothing left to move.
 */
@Component
class GuestOrdersTransfer {

    private static final Logger log = LoggerFactory.getLogger(GuestOrdersTransfer.class);

    private final OrderRows orders;
    private final OrderArchive archive;

    GuestOrdersTransfer(OrderRows orders, OrderArchive archive) {
        this.orders = orders;
        this.archive = archive;
    }

    @ApplicationModuleListener
    void on(GuestSessionClaimed claimed) {
        int moved = orders.transferOwnership(Owner.session(claimed.guestSessionId()), Owner.customer(claimed.customerId()),
                claimed.customerId());
        moved += archive.transferOwnership(Owner.session(claimed.guestSessionId()), Owner.customer(claimed.customerId()),
                claimed.customerId());
        if (moved > 0) {
            log.info("guest orders moved to customer count={} customerId={}", moved, claimed.customerId());
        }
    }
}
