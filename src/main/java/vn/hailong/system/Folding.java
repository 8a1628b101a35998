package vn.hailong.system;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Text folded for matching what people type: lower case, accents removed and đ read as d, so
 * "Tiêu cực", "tieu cuc" and "TIÊU CỰC" all match the word "tiêu cực", and "cho doi" finds
 * "chờ đợi". The one folding of the app: alert keywords and the comment search both use it
 * (database collations ignore accents but not đ/d, so they cannot do this alone).
 */
public final class Folding {

    private Folding() {
    }

    public static String fold(String text) {
        String lower = text.toLowerCase(Locale.ROOT).replace('đ', 'd');
        String decomposed = Normalizer.normalize(lower, Normalizer.Form.NFD);
        return decomposed.replaceAll("\\p{M}+", "").replaceAll("\\s+", " ").trim();
    }
}
