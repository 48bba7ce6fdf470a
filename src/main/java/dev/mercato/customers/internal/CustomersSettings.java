package dev.mercato.customers.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param adminEmail    admin account created at first start ({@code MERCATO_ADMIN_EMAIL})
 * @param adminPassword its password ({@code MERCATO_ADMIN_PASSWORD}); when unset, demo mode uses a
 *                      printed default and other modes create no admin
 * @param sessionTtl    how long a token stays valid
 * @param tokenCacheTtl how long a resolved token is trusted from memory before PostgreSQL is asked again
 */
@ConfigurationProperties("mercato.customers")
record CustomersSettings(
        @DefaultValue("admin@mercato.local") String adminEmail,
        String adminPassword,
        @DefaultValue("30d") Duration sessionTtl,
        @DefaultValue("30s") Duration tokenCacheTtl) {
}
