package vn.hailong.audit;

import io.micronaut.core.annotation.Nullable;

/** Makes caller-supplied text safe to keep: control characters escaped, length bounded to the column. */
final class AuditText {

    private AuditText() {
    }

    static String clean(@Nullable String text, int max) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), max));
        text.codePoints().forEach(cp -> {
            if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) || cp == 0x2028 || cp == 0x2029) {
                // Newlines and escape codes could fake extra lines in a log or a terminal.
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        if (out.length() <= max) {
            return out.toString();
        }
        int end = max - 1;
        if (Character.isHighSurrogate(out.charAt(end - 1))) {
            end--;
        }
        return out.substring(0, end) + "…";
    }
}
