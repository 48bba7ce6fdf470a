package dev.mercato.platform.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param maxRequestSize largest JSON body any route accepts
 * @param maxImportSize  largest bulk-import body
 */
@ConfigurationProperties("mercato.platform.web")
public record WebSettings(
        @DefaultValue("1MB") DataSize maxRequestSize,
        @DefaultValue("2GB") DataSize maxImportSize) {
}
