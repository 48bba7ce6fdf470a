package dev.mercato.catalog.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param importBatchSize products written per import transaction
 * @param maxPageSize     largest {@code limit} a browse request may ask for
 */
@ConfigurationProperties("mercato.catalog")
record CatalogSettings(
        @DefaultValue("1000") int importBatchSize,
        @DefaultValue("100") int maxPageSize) {
}
