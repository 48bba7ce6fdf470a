package dev.mercato.payments.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** {@link PaymentRoutes} in a map, for unit tests of routing; the same compare-and-set rules as {@link JdbcPaymentRoutes}. */
final class InMemoryPaymentRoutes implements PaymentRoutes {

    private final Map<UUID, Route> routes = new ConcurrentHashMap<>();

    @Override
    public Route claim(UUID orderId, String first) {
        return routes.computeIfAbsent(orderId, id -> new Route(first, false, List.of()));
    }

    @Override
    public Optional<Route> find(UUID orderId) {
        return Optional.ofNullable(routes.get(orderId));
    }

    @Override
    public synchronized boolean moveOn(UUID orderId, String from, String to) {
        Route route = routes.get(orderId);
        if (route == null || route.pinned() || !route.provider().equals(from)) {
            return false;
        }
        List<String> skipped = new ArrayList<>(route.skipped());
        skipped.add(from);
        routes.put(orderId, new Route(to, false, List.copyOf(skipped)));
        return true;
    }

    @Override
    public synchronized boolean pin(UUID orderId, String provider) {
        Route route = routes.get(orderId);
        if (route == null || !route.provider().equals(provider)) {
            return false;
        }
        routes.put(orderId, new Route(provider, true, route.skipped()));
        return true;
    }
}
