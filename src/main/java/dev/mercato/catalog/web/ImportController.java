package dev.mercato.catalog.web;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.mercato.catalog.internal.ProductImports;
import dev.mercato.platform.jobs.JobId;
import dev.mercato.platform.security.Caller;
import dev.mercato.platform.web.ProblemException;

@RestController
class ImportController {

    private final ProductImports imports;

    ImportController(ProductImports imports) {
        this.imports = imports;
    }

    /**
     * Spools the body to a temporary file before answering, since the request stream closes with
     * the response; the import itself runs in the background and reports through the job.
     */
    @PostMapping("/api/admin/products/import")
    ResponseEntity<Map<String, String>> importProducts(HttpServletRequest request, @AuthenticationPrincipal Caller caller)
            throws IOException {
        MediaType type = request.getContentType() == null ? null : MediaType.parseMediaType(request.getContentType());
        if (!imports.accepts(type)) {
            throw new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported Media Type",
                    "Send the import as application/x-ndjson (JSON lines) or text/csv");
        }
        if (!isUtf8(type)) {
            throw new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported Media Type",
                    "Import files must be UTF-8: send them without a charset or with charset=utf-8");
        }
        Path file = Files.createTempFile("mercato-import-", ".tmp");
        try (InputStream body = request.getInputStream()) {
            Files.copy(body, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        JobId job = imports.start(file, type, caller.customerId());
        return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create("/api/admin/jobs/" + job))
                .body(Map.of("jobId", job.toString()));
    }

    private static boolean isUtf8(MediaType type) {
        try {
            return type.getCharset() == null || java.nio.charset.StandardCharsets.UTF_8.equals(type.getCharset());
        } catch (java.nio.charset.UnsupportedCharsetException | java.nio.charset.IllegalCharsetNameException e) {
            return false;
        }
    }
}
