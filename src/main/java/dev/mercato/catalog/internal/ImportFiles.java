package dev.mercato.catalog.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.springframework.stereotype.Component;

import dev.mercato.platform.web.ProblemException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an uploaded import file line by line into {@link ImportLine}s without loading it whole.
 *
 * <p>JSONL: one product object per line, the fields of the admin API. CSV: a header row, then one
 * product per row with columns {@code title, slug, description, brand, category, attributes (JSON),
 * media (URLs separated by '|'), rating, reviewCount} and either {@code variants} (a JSON array) or a
 * single variant as {@code sku, price, currency, variantTitle, variantAttributes (JSON)}. Line numbers
 * count the header as line 1.
 */
@Component
class ImportFiles {

    private final DraftValidator drafts;
    private final JsonMapper json;

    ImportFiles(DraftValidator drafts, JsonMapper json) {
        this.drafts = drafts;
        this.json = json;
    }

    /**
     * Reads the whole file once, so that a file that cannot be read at all (not UTF-8, a CSV quote
     * never closed) is refused with a 400 before a job starts, instead of failing half-way.
     *
     * @throws ProblemException {@code invalid-import-file}, naming the line where reading stopped
     */
    long count(Path file, ImportFormat format) throws IOException {
        long[] last = {0};
        try (Stream<ImportLine> lines = open(file, format, false)) {
            return lines.peek(line -> last[0] = line.line()).count();
        } catch (UncheckedIOException | IllegalStateException e) {
            throw unreadable(e, last[0] + 1);
        }
    }

    private static ProblemException unreadable(RuntimeException e, long line) {
        Throwable cause = e.getCause();
        String why = cause instanceof java.nio.charset.CharacterCodingException
                ? "is not valid UTF-8 text"
                : "is not well-formed" + (e.getMessage() == null ? "" : ": " + e.getMessage().replaceAll("^[\\w.]+Exception: ", ""));
        return ProblemException.badRequest("invalid-import-file", "The import file " + why + " (reading stopped near line " + line + ")");
    }

    Stream<ImportLine> open(Path file, ImportFormat format) throws IOException {
        return open(file, format, true);
    }

    private Stream<ImportLine> open(Path file, ImportFormat format, boolean parse) throws IOException {
        BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        Iterator<ImportLine> lines = format == ImportFormat.JSONL ? jsonLines(reader, parse) : csvLines(reader, parse);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(lines, 0), false).onClose(() -> close(reader));
    }

    private Iterator<ImportLine> jsonLines(BufferedReader reader, boolean parse) {
        return new Iterator<>() {
            long number;
            String next = advance();

            private String advance() {
                try {
                    String line;
                    do {
                        line = reader.readLine();
                        number++;
                    } while (line != null && line.isBlank());
                    return line;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public ImportLine next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                ImportLine line = parse ? drafts.fromJson(number, next) : ImportLine.failed(number, "counted");
                next = advance();
                return line;
            }
        };
    }

    private Iterator<ImportLine> csvLines(Reader reader, boolean parse) throws IOException {
        CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
                .setIgnoreEmptyLines(true).get().parse(reader);
        Iterator<CSVRecord> records = parser.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return records.hasNext();
            }

            @Override
            public ImportLine next() {
                CSVRecord record = records.next();
                long line = record.getRecordNumber() + 1;
                if (!parse) {
                    return ImportLine.failed(line, "counted");
                }
                if (!record.isConsistent()) {
                    return ImportLine.failed(line, "has " + record.size() + " columns, the header has " + parser.getHeaderNames().size());
                }
                try {
                    return drafts.fromFields(line, fields(record.toMap()));
                } catch (JacksonException e) {
                    return ImportLine.failed(line, "a JSON column is not valid JSON: " + e.getOriginalMessage());
                }
            }
        };
    }

    private Map<String, Object> fields(Map<String, String> columns) {
        Map<String, Object> product = new HashMap<>();
        Map<String, Object> variant = new HashMap<>();
        columns.forEach((name, value) -> {
            if (value == null || value.isEmpty()) {
                return;
            }
            switch (name.toLowerCase(Locale.ROOT)) {
                case "title", "slug", "description", "brand", "category" -> product.put(name.toLowerCase(Locale.ROOT), value);
                // CSV has only text: numbers are read here, so the strict JSON mapper sees numbers, not strings
                case "rating" -> product.put("rating", number(value));
                case "reviewcount", "review_count" -> product.put("reviewCount", number(value));
                case "attributes" -> product.put("attributes", json.readValue(value, Object.class));
                case "media" -> product.put("media", List.of(value.split("\\|")));
                case "variants" -> product.put("variants", json.readValue(value, Object.class));
                case "sku", "price", "currency" -> variant.put(name.toLowerCase(Locale.ROOT), value);
                case "varianttitle", "variant_title" -> variant.put("title", value);
                case "variantattributes", "variant_attributes" -> variant.put("attributes", json.readValue(value, Object.class));
                default -> { } // unknown columns are ignored, as JSON ignores unknown fields
            }
        });
        if (!product.containsKey("variants") && !variant.isEmpty()) {
            product.put("variants", List.of(variant));
        }
        return product;
    }

    /** The column as a number, or the text as it is when it is not one, so validation names the column. */
    private static Object number(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException notWhole) {
            try {
                return new java.math.BigDecimal(value);
            } catch (NumberFormatException notANumber) {
                return value;
            }
        }
    }

    private static void close(Reader reader) {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
