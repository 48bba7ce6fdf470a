package dev.mercato.bench;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param scenario     {@code flash-sale} (in-process, both engines), {@code flash-sale-http}, {@code flash-sale-scarce},
 *                     {@code all} (the three flash-sale ones), {@code catalog} (product detail and list pages over HTTP, cached and uncached),
 *                     {@code availability}, {@code checkout}, {@code two-nodes} (the HTTP flash sale on this node, then split over
 *                     it and a second node started on the same database), or {@code search} (run on its own: it builds a large catalog); unset: no benchmark, Mercato runs normally
 * @param buyers       concurrent buyers (virtual threads)
 * @param duration     measured time per design
 * @param warmup       unmeasured time per design before it, so the JIT has compiled the hot path: on this 2-core
 *                     machine the HTTP write paths need about half a minute (checkout, one jar: 94 orders/s after
 *                     3 s, 123 after 20 s, 139 after 30 s, the JVM's CPU per order 12.3, 8.0 and 6.7 ms)
 * @param skus         hot SKUs the buyers spread over (1: everybody on one SKU)
 * @param scarceStock  units on sale in the scarce scenario
 * @param scarceBuyers buyers in the scarce scenario, one attempt each
 * @param searchProducts products generated, imported and indexed by the {@code search} scenario
 * @param searchClients  concurrent search clients (closed loop, one query after the other)
 * @param checkoutShoppers concurrent shoppers of the {@code checkout} scenario (closed loop: guest, add, checkout, again)
 * @param checkoutSkus     SKUs the checkout shoppers pick from at random
 * @param searchWarmup   unmeasured time per engine before its measured run, because
 *                       the JIT takes about ten seconds of queries to compile Lucene's scoring and decoding paths
 * @param catalogProducts products of the demo catalog the {@code catalog} and {@code availability} scenarios read
 * @param httpConnections keep-alive connections (one closed-loop client thread each) of the HTTP read scenarios
 * @param readDuration    measured time per run (cached, uncached) of the {@code catalog} and {@code availability} scenarios
 * @param readWarmup      unmeasured time before each of those runs: the read paths are short and compiled within seconds
 * @param latencyConnections connections of the {@code availability} scenario's last run, cached, for its latency at a
 *                        load that does not saturate the two cores the client shares with the server
 */
@ConfigurationProperties("mercato.bench")
record BenchSettings(
        String scenario,
        @DefaultValue("1000") int buyers,
        @DefaultValue("15s") Duration duration,
        @DefaultValue("30s") Duration warmup,
        @DefaultValue("1") int skus,
        @DefaultValue("500") int scarceStock,
        @DefaultValue("10000") int scarceBuyers,
        @DefaultValue("1000000") int searchProducts,
        @DefaultValue("4") int searchClients,
        @DefaultValue("15s") Duration searchWarmup,
        @DefaultValue("32") int checkoutShoppers,
        @DefaultValue("8") int checkoutSkus,
        @DefaultValue("10000") int catalogProducts,
        @DefaultValue("32") int httpConnections,
        @DefaultValue("10s") Duration readDuration,
        @DefaultValue("3s") Duration readWarmup,
        @DefaultValue("4") int latencyConnections) {
}
