package dev.mercato.catalog.internal;

import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.json.JsonMapper;

import dev.mercato.platform.web.JsonPaths;

/**
 * Turns raw import input into a valid {@link ProductDraft} or a message naming the bad fields, with
 * the same Bean Validation rules the admin API applies.
 */
@Component
class DraftValidator {

    private final Validator validator;
    private final JsonMapper json;

    DraftValidator(Validator validator, JsonMapper json) {
        this.validator = validator;
        this.json = json;
    }

    ImportLine fromJson(long line, String text) {
        try {
            return validate(line, json.readValue(text, ProductDraft.class));
        } catch (DatabindException e) {
            return ImportLine.failed(line, describe(e));
        } catch (JacksonException e) {
            return ImportLine.failed(line, "not valid JSON: " + e.getOriginalMessage());
        }
    }

    ImportLine fromFields(long line, java.util.Map<String, Object> fields) {
        try {
            return validate(line, json.convertValue(fields, ProductDraft.class));
        } catch (IllegalArgumentException e) {
            return ImportLine.failed(line, e.getCause() instanceof DatabindException d ? describe(d) : e.getMessage());
        } catch (DatabindException e) {
            return ImportLine.failed(line, describe(e));
        }
    }

    ImportLine validate(long line, ProductDraft draft) {
        return problems(draft).map(message -> ImportLine.failed(line, message)).orElseGet(() -> ImportLine.parsed(line, draft));
    }

    Optional<String> problems(ProductDraft draft) {
        if (draft == null) {
            return Optional.of("empty product");
        }
        var violations = validator.validate(draft);
        if (violations.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(violations.stream()
                .sorted(Comparator.comparing((ConstraintViolation<ProductDraft> v) -> v.getPropertyPath().toString()))
                .map(v -> field(v) + ": " + v.getMessage())
                .collect(Collectors.joining("; ")));
    }

    private static String field(ConstraintViolation<ProductDraft> violation) {
        String path = violation.getPropertyPath().toString().replaceAll("\\.<[^>]+>", "");
        return switch (path) {
            case "variantSkusDistinct", "singleCurrency" -> "variants";
            default -> path.replace(".priceInCents", ".price");
        };
    }

    private static String describe(DatabindException e) {
        String path = JsonPaths.of(e);
        return (path.equals("body") ? "product" : path) + ": has the wrong type or format";
    }
}
