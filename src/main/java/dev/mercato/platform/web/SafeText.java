package dev.mercato.platform.web;

/**
 * Text Mercato accepts from outside: no NUL (PostgreSQL can store it neither in {@code text} nor in
 * {@code jsonb}, so it used to surface as a 500 at insert time), no other C0 control character but
 * tab, line feed and carriage return, no DEL, and no unpaired surrogate (it has no UTF-8 encoding).
 * Checked once, where JSON is read ({@link StrictJsonConfiguration}), and by whatever reads other
 * text formats (import files).
 */
public final class SafeText {

    public static final String RULE = "must not contain NUL, control characters or unpaired surrogates";

    private SafeText() {
    }

    public static boolean isSafe(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 ? c != '\t' && c != '\n' && c != '\r' : c == 0x7F) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
