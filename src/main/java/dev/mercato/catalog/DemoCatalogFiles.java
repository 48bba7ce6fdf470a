package dev.mercato.catalog;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes the generated demo catalog as an import file (one JSON product per line, the format of
 * {@code POST /api/admin/products/import}); the same seed always gives the same products. Used by
 * the demo export option and by benchmarks that need a large catalog.
 */
public interface DemoCatalogFiles {

    void writeJsonLines(Path file, int products, long seed) throws IOException;
}
