package dev.mercato.orders.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;

import dev.mercato.platform.commerce.Owner;
import dev.mercato.platform.security.Caller;
import dev.mercato.platform.web.Cursors;
import dev.mercato.platform.web.Page;
import dev.mercato.platform.web.ProblemException;

/**
 * Reading orders: a shopper sees only their own (others' are 404), admins see all. Archived orders
 * are read from the archive when they are no longer live, marked {@code archived} and anonymised.
 */
@Service
public class OrderQueries {

    private final OrderRows orders;
    private final OrderArchive archive;

    OrderQueries(OrderRows orders, OrderArchive archive) {
        this.orders = orders;
        this.archive = archive;
    }

    public OrderView owned(Caller caller, UUID orderId) {
        Owner owner = Owner.of(caller);
        return orders.find(orderId).filter(order -> order.owner().equals(owner))
                .flatMap(order -> orders.view(orderId))
                .or(() -> archive.find(orderId, owner))
                .orElseThrow(() -> ProblemException.notFound("order", orderId));
    }

    public Optional<OrderView> any(UUID orderId) {
        return orders.view(orderId).or(() -> archive.find(orderId, null));
    }

    /** One page of views, newest first, in one query; {@code owner} and {@code status} may be null (no filter). */
    public Page<OrderView> page(Owner owner, String status, String cursor, int limit) {
        Instant beforeTime = null;
        UUID beforeId = null;
        if (cursor != null) {
            String[] position = Cursors.decode(cursor).split("\\|");
            try {
                beforeTime = Instant.parse(position[0]);
                beforeId = UUID.fromString(position[1]);
            } catch (RuntimeException e) {
                throw ProblemException.badRequest("invalid-cursor", "cursor is not one this API returned");
            }
        }
        List<OrderView> found = orders.page(owner, status, beforeTime, beforeId, limit + 1);
        List<OrderView> views = found.subList(0, Math.min(limit, found.size()));
        String next = found.size() > limit ? Cursors.encode(views.getLast().createdAt() + "|" + views.getLast().id()) : null;
        return new Page<>(views, next);
    }
}
