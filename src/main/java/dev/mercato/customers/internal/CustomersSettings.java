package dev.mercato.customers.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Sessions and tokens. The admin account's settings are {@link AdminSettings}.
 *
 * @param sessionTtl    how long a token stays valid
 * @param tokenCacheTtl how long a resolved token is trusted from memory before PostgreSQL is asked again
 */
@ConfigurationProperties("mercato.customers")
record CustomersSettings(
        @DefaultValue("30d") Duration sessionTtl,
        @DefaultValue("30s") Duration tokenCacheTtl) {
}
