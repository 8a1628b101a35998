package vn.hailong.system;

import io.micronaut.core.annotation.Nullable;

import java.util.List;
import java.util.Locale;

/** The languages Hailong speaks. */
public final class Languages {

    public static final String DEFAULT = "vi";
    public static final List<String> SUPPORTED = List.of("vi", "en");

    private Languages() {
    }

    public static boolean isSupported(@Nullable String language) {
        return language != null && SUPPORTED.contains(language);
    }

    public static Locale toLocale(String language) {
        return Locale.forLanguageTag(isSupported(language) ? language : DEFAULT);
    }
}
