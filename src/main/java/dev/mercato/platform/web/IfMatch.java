package dev.mercato.platform.web;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.http.HttpStatus;

/**
 * An {@code If-Match} request header (RFC 9110 section 13.1.1): {@code *} or a list of entity tags,
 * evaluated with the strong comparison the RFC requires for it, so a weak tag ({@code W/"..."})
 * never matches. Controllers of conditional writes parse the header with {@link #parse}, ask
 * {@link #matches} against the ETag a GET of the resource would answer now, and answer 412 with
 * {@link #failed} when it does not match.
 *
 * @param any  the header was {@code *}: matches whenever the resource has a current representation
 * @param tags the entity tags as sent, quotes included ({@code "abc"}, {@code W/"abc"})
 */
public record IfMatch(boolean any, List<String> tags) {

    // entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE, etagc = %x21 / %x23-7E / obs-text (RFC 9110 8.8.3)
    private static final Pattern ENTITY_TAG = Pattern.compile("\\s*((?:W/)?\"[\\x21\\x23-\\x7E\\x80-\\xFF]*\")\\s*(,|$)");

    public IfMatch {
        tags = List.copyOf(tags);
    }

    /**
     * @return the parsed header, or null when the request sent none
     * @throws ProblemException 400 {@code invalid-if-match} when the header is neither {@code *} nor a
     *                          list of quoted entity tags
     */
    public static IfMatch parse(String header) {
        if (header == null) {
            return null;
        }
        if (header.strip().equals("*")) {
            return new IfMatch(true, List.of());
        }
        List<String> tags = new ArrayList<>();
        Matcher m = ENTITY_TAG.matcher(header);
        int at = 0;
        while (at < header.length() && m.find(at) && m.start() == at) {
            tags.add(m.group(1));
            at = m.end();
        }
        if (tags.isEmpty() || at < header.length()) {
            throw ProblemException.badRequest("invalid-if-match",
                    "If-Match must be * or the entity tag a GET returned in its ETag header, e.g. \"5f3a...\"");
        }
        return new IfMatch(false, tags);
    }

    /**
     * @param currentEtag the strong ETag the resource has now, quotes included; null when it has no
     *                    current representation (unknown or deactivated), which nothing matches
     */
    public boolean matches(String currentEtag) {
        if (currentEtag == null) {
            return false;
        }
        return any || tags.stream().anyMatch(tag -> !tag.startsWith("W/") && tag.equals(currentEtag));
    }

    /** The 412 answer of a write whose If-Match no longer matches. */
    public static ProblemException failed(String what) {
        return new ProblemException(HttpStatus.PRECONDITION_FAILED, "precondition-failed", "Precondition failed",
                "The " + what + " changed since you read it (If-Match does not match its current ETag); "
                        + "fetch it again and reapply your change");
    }
}
