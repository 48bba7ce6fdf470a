/**
 * Benchmarks that run against a real Mercato (embedded PostgreSQL, durable commits) and print
 * their figures as {@code key=value} lines with a ratio to the baseline measured in the same run
 * (DESIGN.md section 7). Started with {@code --mercato.bench.scenario=...}; the process exits when
 * done. Owns no state and publishes nothing.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Benchmarks", allowedDependencies = {"catalog", "inventory", "platform", "search"})
package dev.mercato.bench;
