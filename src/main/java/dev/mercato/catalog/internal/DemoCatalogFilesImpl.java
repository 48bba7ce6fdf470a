package dev.mercato.catalog.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import dev.mercato.catalog.DemoCatalogFiles;
import dev.mercato.catalog.internal.demo.DemoCatalog;

@Component
class DemoCatalogFilesImpl implements DemoCatalogFiles {

    private final JsonMapper json;

    DemoCatalogFilesImpl(JsonMapper json) {
        this.json = json;
    }

    @Override
    public void writeJsonLines(Path file, int products, long seed) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path partial = Files.createTempFile(parent, file.getFileName().toString(), ".partial");
        try (BufferedWriter out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
            for (var product : new DemoCatalog(products, seed)) {
                out.write(json.writeValueAsString(product));
                out.newLine();
            }
        }
        // a half-written file must never pass for a finished one
        Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
