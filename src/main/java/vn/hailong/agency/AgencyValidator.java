package vn.hailong.agency;

import io.micronaut.core.annotation.Nullable;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static vn.hailong.agency.AgencyRefusal.Reason;

/**
 * The one check of what was entered for an agency, shared by the API, the admin pages and the CSV
 * import: every cell is stripped (empty = absent), the kind upper-cased, names, zone and dates
 * checked. It answers with typed refusals and never with text; the checks that need the stored
 * tree (parent exists, code free, cycles, retired parents) stay with {@link AgencyTree} and the
 * callers.
 */
public final class AgencyValidator {

    private AgencyValidator() {
    }

    /** What was entered, as text, before any check. */
    public record Input(@Nullable String code, @Nullable String parent, @Nullable String nameVi, @Nullable String nameEn,
                        @Nullable String kind, @Nullable String timeZone, @Nullable String validFrom,
                        @Nullable String validTo) {
    }

    /** The checked fields; {@code nameEn} falls back to {@code nameVi}. */
    public record Checked(String code, @Nullable String parent, String nameVi, String nameEn, String kind, String timeZone,
                          @Nullable LocalDate validFrom, @Nullable LocalDate validTo) {
    }

    /** Either the checked fields or every refusal (in field order), never both. */
    public record Result(@Nullable Checked checked, List<AgencyRefusal> refusals) {
        public boolean ok() {
            return refusals.isEmpty();
        }
    }

    /** The names and kind only (a rename); the kind upper-cased. */
    public record Names(String nameVi, String nameEn, String kind) {
    }

    public record NamesResult(@Nullable Names names, List<AgencyRefusal> refusals) {
        public boolean ok() {
            return refusals.isEmpty();
        }
    }

    /** A date field: absent (null), a date, or a refusal. */
    public record DateResult(@Nullable LocalDate date, @Nullable AgencyRefusal refusal) {
    }

    /**
     * Checks a whole agency. {@code zoneWhenAbsent} is the zone of an agency whose input names none
     * (the default zone for a new one; a CSV row updating a stored agency keeps its zone).
     */
    public static Result check(Input input, String zoneWhenAbsent) {
        List<AgencyRefusal> refusals = new ArrayList<>();
        String code = clean(input.code());
        if (code == null || !AgencyRules.CODE.matcher(code).matches()) {
            refusals.add(AgencyRefusal.of(AgencyField.CODE, Reason.FORMAT, code == null ? "" : code));
        }
        String parent = clean(input.parent());
        if (parent != null && parent.equals(code)) {
            refusals.add(AgencyRefusal.of(AgencyField.PARENT, Reason.SELF, code));
        }
        NamesResult names = names(input.nameVi(), input.nameEn(), input.kind());
        refusals.addAll(names.refusals());
        String zone = clean(input.timeZone());
        if (zone == null) {
            zone = zoneWhenAbsent;
        } else if (!AgencyRules.validZone(zone)) {
            refusals.add(AgencyRefusal.of(AgencyField.TIME_ZONE, Reason.UNKNOWN_ZONE, zone));
        }
        DateResult from = date(AgencyField.VALID_FROM, input.validFrom());
        DateResult to = date(AgencyField.VALID_TO, input.validTo());
        for (DateResult d : List.of(from, to)) {
            if (d.refusal() != null) {
                refusals.add(d.refusal());
            }
        }
        if (from.date() != null && to.date() != null && to.date().isBefore(from.date())) {
            refusals.add(AgencyRefusal.of(AgencyField.VALID_TO, Reason.BEFORE_FROM, to.date().toString(), from.date().toString()));
        }
        if (!refusals.isEmpty()) {
            return new Result(null, List.copyOf(refusals));
        }
        Names n = names.names();
        return new Result(new Checked(code, parent, n.nameVi(), n.nameEn(), n.kind(), zone, from.date(), to.date()), List.of());
    }

    public static NamesResult names(@Nullable String nameViText, @Nullable String nameEnText, @Nullable String kindText) {
        List<AgencyRefusal> refusals = new ArrayList<>();
        String nameVi = clean(nameViText);
        if (!AgencyRules.validName(nameVi)) {
            refusals.add(AgencyRefusal.of(AgencyField.NAME_VI, Reason.REQUIRED));
        }
        String nameEn = clean(nameEnText);
        if (nameEn != null && nameEn.length() > AgencyRules.MAX_NAME) {
            refusals.add(AgencyRefusal.of(AgencyField.NAME_EN, Reason.TOO_LONG, AgencyRules.MAX_NAME));
        }
        String kind = clean(kindText);
        kind = kind == null ? null : kind.toUpperCase(Locale.ROOT);
        if (kind == null || !AgencyRules.KIND.matcher(kind).matches()) {
            refusals.add(AgencyRefusal.of(AgencyField.KIND, Reason.FORMAT, kindText == null ? "" : kindText.strip()));
        }
        if (!refusals.isEmpty()) {
            return new NamesResult(null, List.copyOf(refusals));
        }
        return new NamesResult(new Names(nameVi, nameEn == null ? nameVi : nameEn, kind), List.of());
    }

    public static DateResult date(AgencyField field, @Nullable String text) {
        String value = clean(text);
        if (value == null) {
            return new DateResult(null, null);
        }
        try {
            return new DateResult(LocalDate.parse(value), null);
        } catch (DateTimeParseException e) {
            return new DateResult(null, AgencyRefusal.of(field, Reason.NOT_A_DATE, value));
        }
    }

    private static @Nullable String clean(@Nullable String text) {
        if (text == null) {
            return null;
        }
        String stripped = text.strip();
        return stripped.isEmpty() ? null : stripped;
    }
}
