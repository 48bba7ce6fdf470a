/**
 * Watches the transactional outbox (Spring Modulith's {@code event_publication} registry, a
 * platform table): how many publications are pending and how old the oldest is, as gauges.
 */
package dev.mercato.platform.outbox;
