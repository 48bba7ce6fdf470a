package dev.mercato.platform.web;

import tools.jackson.databind.DatabindException;

/** Renders Jackson's reference chain as the field path clients see, e.g. {@code variants[0].price}. */
public final class JsonPaths {

    private JsonPaths() {
    }

    public static String of(DatabindException e) {
        StringBuilder path = new StringBuilder();
        for (var reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }
}
