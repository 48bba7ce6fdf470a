package dev.mercato.catalog.internal;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Whether the demo is on at all is {@link dev.mercato.platform.DemoMode}'s call.
 *
 * @param products   how many products the demo catalog has (up to 1,000,000)
 * @param seed       same seed, same catalog
 * @param exportFile when set, write the demo catalog to this JSONL file (an import file) and exit
 */
@ConfigurationProperties("mercato.demo")
record DemoSettings(
        @DefaultValue("10000") int products,
        @DefaultValue("42") long seed,
        Path exportFile) {
}
