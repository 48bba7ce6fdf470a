package dev.mercato.catalog.internal;

import java.util.Locale;
import java.util.Optional;

import org.springframework.http.MediaType;

/** The file formats an import accepts, chosen by the request's Content-Type. */
enum ImportFormat {
    JSONL, CSV;

    static Optional<ImportFormat> of(MediaType type) {
        if (type == null) {
            return Optional.empty();
        }
        String subtype = type.getSubtype().toLowerCase(Locale.ROOT);
        return switch (subtype) {
            case "x-ndjson", "ndjson", "jsonl", "x-jsonlines", "jsonlines" -> Optional.of(JSONL);
            case "csv" -> Optional.of(CSV);
            default -> Optional.empty();
        };
    }
}
