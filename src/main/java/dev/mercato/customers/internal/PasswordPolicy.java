package dev.mercato.customers.internal;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Refuses passwords that are easy to guess. Length matters most (NIST SP 800-63B), so the rules
 * are a minimum length, a mix of letters and non-letters, and a small block list; no arbitrary
 * composition rules. The 72-byte cap is bcrypt's: longer input would be silently truncated.
 */
final class PasswordPolicy {

    private static final Set<String> COMMON = Set.of("password", "password1", "password123", "12345678",
            "123456789", "1234567890", "qwerty123", "iloveyou1", "letmein1", "welcome1", "abc12345", "passw0rd");

    private PasswordPolicy() {
    }

    /** @return why the password is refused, or empty when it is acceptable */
    static Optional<String> weakness(String password, String email) {
        if (password.length() < 8) {
            return Optional.of("must be at least 8 characters");
        }
        if (password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 72) {
            return Optional.of("must be at most 72 bytes");
        }
        boolean letter = password.chars().anyMatch(Character::isLetter);
        boolean other = password.chars().anyMatch(c -> !Character.isLetter(c));
        if (!letter || !other) {
            return Optional.of("must mix letters with digits or symbols");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (COMMON.contains(lower)) {
            return Optional.of("is too common");
        }
        if (email != null && lower.contains(email.toLowerCase(Locale.ROOT).split("@")[0]) && email.indexOf('@') > 2) {
            return Optional.of("must not contain your email name");
        }
        return Optional.empty();
    }
}
