package dev.mercato.platform.web;

/** One entry of a validation problem's {@code errors} list. */
public record FieldError(String field, String message) {
}
