package dev.mercato.orders.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;

import dev.mercato.platform.security.Caller;
import dev.mercato.platform.web.Cursors;
import dev.mercato.platform.web.Page;
import dev.mercato.platform.web.ProblemException;

/** Reading orders: a shopper sees only their own (others' are 404), admins see all. */
@Service
public class OrderQueries {

    private final OrderRows orders;

    OrderQueries(OrderRows orders) {
        this.orders = orders;
    }

    public OrderView owned(Caller caller, UUID orderId) {
        return orders.find(orderId).filter(order -> order.owner().equals(caller.ownerKey()))
                .flatMap(order -> orders.view(orderId))
                .orElseThrow(() -> ProblemException.notFound("order", orderId));
    }

    public Optional<OrderView> any(UUID orderId) {
        return orders.view(orderId);
    }

    public Page<OrderView> page(String owner, String status, String cursor, int limit) {
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
        List<UUID> ids = orders.page(owner, status, beforeTime, beforeId, limit + 1);
        List<OrderView> views = ids.stream().limit(limit).map(id -> orders.view(id).orElseThrow()).toList();
        String next = ids.size() > limit ? Cursors.encode(views.getLast().createdAt() + "|" + views.getLast().id()) : null;
        return new Page<>(views, next);
    }
}
