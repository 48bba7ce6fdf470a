package dev.mercato.platform.cache;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code mercato.cache.*}.
 *
 * @param enabled     false: every region reads through to its loader (for measuring the uncached path)
 * @param ttl         safety net only: entries leave on invalidation events; this bounds what a lost event costs
 * @param maximumSize entries per region in process (least recently and frequently used go first)
 * @param redis       the second tier, shared by every node; off while {@code url} is unset
 */
@ConfigurationProperties("mercato.cache")
public record CacheSettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("90s") Duration ttl,
        @DefaultValue("100000") long maximumSize,
        @DefaultValue Redis redis) {

    /**
     * @param url      e.g. {@code redis://127.0.0.1:6379}; unset: in-process tier only
     * @param timeout  per command: past it the read is answered by the loader and counted as an error
     * @param lockWait how long a node that lost the load lock polls for the winner's value before loading itself
     */
    public record Redis(
            String url,
            @DefaultValue("250ms") Duration timeout,
            @DefaultValue("200ms") Duration lockWait) {

        public boolean configured() {
            return url != null && !url.isBlank();
        }
    }
}
