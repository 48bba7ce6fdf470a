package dev.mercato.catalog.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.UUID;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

import dev.mercato.platform.jobs.JobId;

/** The web layer's entry to imports: picks the format from the media type. */
@Component
public class ProductImports {

    private final ProductImporter importer;

    ProductImports(ProductImporter importer) {
        this.importer = importer;
    }

    public boolean accepts(MediaType type) {
        return ImportFormat.of(type).isPresent();
    }

    public JobId start(Path file, MediaType type, UUID requestedBy) throws IOException {
        return importer.startImport(file, ImportFormat.of(type).orElseThrow(), requestedBy);
    }
}
