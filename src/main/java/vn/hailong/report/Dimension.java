package vn.hailong.report;

import io.micronaut.core.annotation.Nullable;
import vn.hailong.system.Refusal;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a breakdown groups the responses rated by code by (issue 13 §4): the dossier's
 * procedure, the procedure's field, the counter, the officer or the dossier's channel.
 */
public enum Dimension {
    PROCEDURE, FIELD, COUNTER, OFFICER, CHANNEL;

    /** The query value: procedure, field, counter, officer or channel. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The dimension named by the parameter {@code name}; 422 naming it when absent or unknown. */
    public static Dimension parse(String name, @Nullable String text) {
        String all = Arrays.stream(values()).map(Dimension::value).collect(Collectors.joining(", "));
        if (text == null || text.isBlank()) {
            throw Refusal.invalid(name, "dimension.required", "is required: one of " + all, all);
        }
        return Arrays.stream(values()).filter(d -> d.value().equals(text.strip().toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> Refusal.invalid(name, "dimension.unknown", "must be one of " + all, all));
    }
}
