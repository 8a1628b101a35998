package vn.hailong.alert;

import io.micronaut.core.annotation.Nullable;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a scheduled rule ({@code below-threshold}, {@code drop}) saw, kept on its case as
 * {@code key=value; …} (language-neutral: the API shows it as it is, each e-mail words it in its
 * reader's language). {@code element} / {@code criterion}: which index (neither: the overall one);
 * {@code from}/{@code to}: the window, days inclusive in the agency's time zone; for a drop the
 * {@code previous…} fields are the 28 days before.
 */
record IndexFigures(@Nullable String element, @Nullable String criterion, double index, long n, LocalDate from,
                    LocalDate to, @Nullable BigDecimal threshold, @Nullable Double previous, @Nullable Long previousN,
                    @Nullable LocalDate previousFrom, @Nullable LocalDate previousTo, @Nullable BigDecimal drop) {

    String stored() {
        Map<String, String> fields = new LinkedHashMap<>();
        if (element != null) {
            fields.put("element", element);
        }
        if (criterion != null) {
            fields.put("criterion", criterion);
        }
        fields.put("index", number(index));
        fields.put("n", Long.toString(n));
        fields.put("from", from.toString());
        fields.put("to", to.toString());
        if (threshold != null) {
            fields.put("threshold", threshold.stripTrailingZeros().toPlainString());
        }
        if (previous != null) {
            fields.put("previous", number(previous));
            fields.put("previousN", Long.toString(previousN));
            fields.put("previousFrom", previousFrom.toString());
            fields.put("previousTo", previousTo.toString());
            fields.put("drop", drop.stripTrailingZeros().toPlainString());
        }
        List<String> parts = new ArrayList<>();
        fields.forEach((k, v) -> parts.add(k + "=" + v));
        return String.join("; ", parts);
    }

    /** The figures a scheduled rule stored, or empty for anything else (a not-satisfied case's answers). */
    static Optional<IndexFigures> parse(@Nullable String stored) {
        if (stored == null || !stored.contains("index=")) {
            return Optional.empty();
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String part : stored.split("; ")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                fields.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        try {
            boolean drop = fields.containsKey("previous");
            return Optional.of(new IndexFigures(fields.get("element"), fields.get("criterion"),
                    Double.parseDouble(fields.get("index")), Long.parseLong(fields.get("n")),
                    LocalDate.parse(fields.get("from")), LocalDate.parse(fields.get("to")),
                    fields.containsKey("threshold") ? new BigDecimal(fields.get("threshold")) : null,
                    drop ? Double.parseDouble(fields.get("previous")) : null,
                    drop ? Long.parseLong(fields.get("previousN")) : null,
                    drop ? LocalDate.parse(fields.get("previousFrom")) : null,
                    drop ? LocalDate.parse(fields.get("previousTo")) : null,
                    drop ? new BigDecimal(fields.get("drop")) : null));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Points the index fell by (previous − recent), for a drop. */
    @Nullable
    Double fall() {
        return previous == null ? null : Math.round((previous - index) * 10_000) / 10_000.0;
    }

    /** An index as the reports give it (four decimals at most), without trailing zeros. */
    static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
