package dev.mercato.catalog.internal;

import java.text.Normalizer;
import java.util.Locale;

/** URL slugs: lowercase ASCII words joined by single dashes, with at least one letter so a slug is never mistaken for an id. */
final class Slugs {

    static final String PATTERN = "(?=[a-z0-9-]*[a-z])[a-z0-9]+(-[a-z0-9]+)*";

    private Slugs() {
    }

    static String of(String text) {
        String ascii = Normalizer.normalize(text, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        if (slug.length() > 100) {
            slug = slug.substring(0, 100).replaceAll("-+$", "");
        }
        return slug.chars().anyMatch(Character::isLetter) ? slug : ("p-" + slug).replaceAll("-+$", "");
    }
}
