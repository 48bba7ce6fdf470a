package dev.mercato.customers.internal;

import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.stereotype.Component;

import dev.mercato.platform.security.AccessTokens;
import dev.mercato.platform.security.Caller;

/**
 * Resolves bearer tokens against the sessions table with a short in-memory cache in front: every
 * authenticated request asks, and a flash sale sends thousands a second. A revoked token is evicted
 * here at once; on other nodes it lives at most {@code tokenCacheTtl} longer. Expiry is exact: the
 * cached session carries its own end and is refused from that instant, whatever the cache holds.
 */
@Component
class SessionTokens implements AccessTokens {

    private final Sessions sessions;
    private final Clock clock;
    private final Cache<String, Optional<Sessions.LiveSession>> cache;

    SessionTokens(Sessions sessions, Clock clock, CustomersSettings settings) {
        this.sessions = sessions;
        this.clock = clock;
        this.cache = Caffeine.newBuilder()
                .maximumSize(200_000)
                .expireAfterWrite(settings.tokenCacheTtl())
                .build();
    }

    @Override
    public Optional<Caller> resolve(String bearerToken) {
        if (bearerToken.isEmpty() || bearerToken.length() > 200) {
            return Optional.empty();
        }
        byte[] hash = Tokens.hash(bearerToken);
        Optional<Sessions.LiveSession> session = cache.get(HexFormat.of().formatHex(hash), key -> sessions.findLive(hash, clock.instant()));
        return session.filter(live -> clock.instant().isBefore(live.expiresAt())).map(Sessions.LiveSession::caller);
    }

    void evict(String bearerToken) {
        cache.invalidate(HexFormat.of().formatHex(Tokens.hash(bearerToken)));
    }
}
