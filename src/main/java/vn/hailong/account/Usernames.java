package vn.hailong.account;

import io.micronaut.core.annotation.Nullable;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;

/**
 * The one normalisation of a username, applied wherever a name comes in (login page and API,
 * account creation on pages and API, the first administrator): surrounding white space stripped,
 * Unicode NFKC (a full-width {@code ｓｏｍｅｏｎｅ} is {@code someone}), lower case (as the
 * {@code utf8mb4_unicode_ci} collation of {@code account.username} compares). A name holding a
 * control, format (zero-width, bidi, soft hyphen, BOM), unpaired surrogate, private-use, unassigned
 * or other default-ignorable character is refused: the collation ignores such characters, so
 * {@code someone\u200b} would otherwise reach the account {@code someone} under another spelling
 * (issue 11, red-team finding 1b). The lockout itself is keyed on the account found, not on the name.
 */
public final class Usernames {

    private Usernames() {
    }

    /** The normalised name, or empty when it holds a character no username may hold. */
    public static Optional<String> normalise(@Nullable String typed) {
        if (typed == null) {
            return Optional.of("");
        }
        String stripped = typed.strip();
        if (!visible(stripped)) {
            return Optional.empty();
        }
        String normal = Normalizer.normalize(stripped, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        return visible(normal) ? Optional.of(normal) : Optional.empty();
    }

    private static boolean visible(String name) {
        return name.codePoints().noneMatch(Usernames::invisible);
    }

    static boolean invisible(int cp) {
        switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED,
                 Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> {
                return true;
            }
            default -> {
                // Default_Ignorable_Code_Point characters that are not of type Cf (Unicode's DerivedCoreProperties).
                return cp == 0x034F || cp == 0x115F || cp == 0x1160 || cp == 0x17B4 || cp == 0x17B5
                        || (cp >= 0x180B && cp <= 0x180F) || cp == 0x3164 || (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFFA0
                        || (cp >= 0xE0100 && cp <= 0xE01EF);
            }
        }
    }
}
