package dev.mercato.platform.database;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param slowQueryThreshold a query timed by {@link SlowQueries} that takes longer is logged and counted
 */
@ConfigurationProperties("mercato.platform")
record SlowQuerySettings(@DefaultValue("200ms") Duration slowQueryThreshold) {
}
