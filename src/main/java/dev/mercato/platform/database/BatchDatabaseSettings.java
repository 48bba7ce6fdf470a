package dev.mercato.platform.database;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param batchPoolSize connections of the batch pool ({@link BatchDatabase}); the default, 4, lets two
 *                      hot SKUs each keep two batches in flight
 */
@ConfigurationProperties("mercato.platform")
record BatchDatabaseSettings(@DefaultValue("4") int batchPoolSize) {
}
