package dev.mercato.customers.internal;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;

/**
 * One spelling per mailbox, so uniqueness means one account per person. NFKC folds compatibility
 * forms (fullwidth letters, ligatures) into their plain letters; what is left outside ASCII is
 * refused at registration, since letters of other scripts that look Latin (Cyrillic "а", Greek "ο")
 * would otherwise register look-alikes of an existing address. Internationalised addresses
 * (RFC 6531) are not supported yet.
 */
final class EmailAddresses {

    private EmailAddresses() {
    }

    static String normalise(String email) {
        return Normalizer.normalize(email, Normalizer.Form.NFKC).strip().toLowerCase(Locale.ROOT);
    }

    /** Why a normalised address cannot be registered, if it cannot. */
    static Optional<String> problem(String normalised) {
        for (int i = 0; i < normalised.length(); i++) {
            if (normalised.charAt(i) > 0x7E || normalised.charAt(i) < 0x21) {
                return Optional.of("must use ASCII letters, digits and punctuation only");
            }
        }
        return Optional.empty();
    }
}
