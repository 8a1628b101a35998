package vn.hailong.alert;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Text folded for keyword matching: lower case, accents removed and đ read as d, so "Tiêu cực",
 * "tieu cuc" and "TIÊU CỰC" all match the word "tiêu cực".
 */
final class Folding {

    private Folding() {
    }

    static String fold(String text) {
        String lower = text.toLowerCase(Locale.ROOT).replace('đ', 'd');
        String decomposed = Normalizer.normalize(lower, Normalizer.Form.NFD);
        return decomposed.replaceAll("\\p{M}+", "").replaceAll("\\s+", " ").trim();
    }
}
