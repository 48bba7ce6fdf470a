package dev.mercato.platform.web;

import java.io.IOException;

/** Raised while reading a request body that grows past the route's limit (see {@link RequestSizeLimitFilter}). */
public class BodyTooLargeException extends IOException {

    BodyTooLargeException() {
        super("Request body exceeds the limit of this route");
    }
}
