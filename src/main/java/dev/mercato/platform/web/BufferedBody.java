package dev.mercato.platform.web;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The body {@link BodyBeforeAdmissionFilter} read before admission, for code after it that needs the
 * bytes and must leave them readable for whatever runs next (a filter that answers some requests
 * itself and passes the rest on to Spring MVC).
 */
public final class BufferedBody {

    private static final String ATTRIBUTE = BufferedBody.class.getName();

    private BufferedBody() {
    }

    /** The whole body as read before admission, or null when it was not (no body, or a streamed import). */
    public static byte[] of(HttpServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof byte[] body ? body : null;
    }

    static void keep(HttpServletRequest request, byte[] body) {
        request.setAttribute(ATTRIBUTE, body);
    }
}
