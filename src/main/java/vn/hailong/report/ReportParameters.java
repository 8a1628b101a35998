package vn.hailong.report;

import io.micronaut.core.annotation.Nullable;
import vn.hailong.system.Refusal;
import vn.hailong.system.FieldError;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The query parameters a report is asked with, as sent (null: absent), and the one reader of them
 * into a {@link ReportFilter} for every report endpoint and page: agency (named {@code parent} for
 * the ranking), survey, period ({@code 2026-03}, {@code 2026-Q1}, {@code 2026}, {@code custom}
 * with from/to, or {@code all}), from/to, and the dossier dimensions procedure, field, counter,
 * officer and channel. What an endpoint does not take stays null.
 */
record ReportParameters(String agencyName, @Nullable String agency, @Nullable String survey, @Nullable String period,
                        @Nullable String from, @Nullable String to, @Nullable String procedure, @Nullable String field,
                        @Nullable String counter, @Nullable String officer, @Nullable String channel) {

    /** What an endpoint fills in for a parameter left out, and whether it must be given. */
    record Defaults(@Nullable String agency, @Nullable String survey, boolean surveyRequired, @Nullable ReportPeriod period) {

        /** The API's: agency required, survey optional (null when absent), all time without dates. */
        static Defaults api() {
            return new Defaults(null, null, false, null);
        }

        /** As {@link #api()}, the survey required too. */
        static Defaults apiNeedingSurvey() {
            return new Defaults(null, null, true, null);
        }

        /** As {@link #api()}, {@code survey} when none is given. */
        static Defaults api(String survey) {
            return new Defaults(null, survey, false, null);
        }

        /** The pages': the caller's agency, the default survey, the quarter of {@code today} without a period or dates. */
        static Defaults page(@Nullable String agency, String survey, LocalDate today) {
            return new Defaults(agency, survey, false, ReportPeriod.quarterOf(today));
        }
    }

    static final String PERIOD_FORMAT = "must be a month (2026-03), a quarter (2026-Q1), a year (2026), custom or all";

    /** agency, survey, from and to; no period, no dimensions. */
    static ReportParameters of(@Nullable String agency, @Nullable String survey, @Nullable String from, @Nullable String to) {
        return new ReportParameters("agency", agency, survey, null, from, to, null, null, null, null, null);
    }

    /** The agency under another parameter name ({@code parent} for the ranking). */
    ReportParameters agencyNamed(String name) {
        return new ReportParameters(name, agency, survey, period, from, to, procedure, field, counter, officer, channel);
    }

    ReportParameters withPeriod(@Nullable String label) {
        return new ReportParameters(agencyName, agency, survey, label, from, to, procedure, field, counter, officer, channel);
    }

    ReportParameters withDimensions(@Nullable String procedure, @Nullable String field, @Nullable String counter,
                                    @Nullable String officer, @Nullable String channel) {
        return new ReportParameters(agencyName, agency, survey, period, from, to, procedure, field, counter, officer, channel);
    }

    /**
     * The dimension values as far as they can be used, for a page to show in its filter form
     * again when the parameters were refused (a bad value shows as absent).
     */
    DimensionFilter shownDimensions() {
        return DimensionFilter.parse(procedure, field, counter, officer, channel, new ArrayList<>());
    }

    /** As {@link #read(Defaults, List)} with no other parameters' errors. */
    ReportFilter read(Defaults defaults) {
        return read(defaults, List.of(), List.of());
    }

    /** As {@link #read(Defaults, List, List)}, the endpoint's other parameters read before these. */
    ReportFilter read(Defaults defaults, List<FieldError> earlier) {
        return read(defaults, earlier, List.of());
    }

    /**
     * Reads every parameter, reporting all that cannot be used at once, with the errors of the
     * endpoint's other parameters ({@code earlier} before these, {@code later} after):
     * a {@link Refusal}, 400 when one is not readable, 422 when all are but some
     * are outside what reports take ({@link #refusal}).
     */
    ReportFilter read(Defaults defaults, List<FieldError> earlier, List<FieldError> later) {
        List<FieldError> errors = new ArrayList<>(earlier);
        String agencyCode = blank(agency) ? defaults.agency() : agency.strip();
        if (agencyCode == null) {
            errors.add(new FieldError(agencyName, "is required (an agency code)"));
        }
        String surveyCode = blank(survey) ? defaults.survey() : survey.strip();
        if (surveyCode == null && defaults.surveyRequired()) {
            errors.add(new FieldError("survey", "is required (a survey code such as sipas-2017)"));
        }
        ReportPeriod chosen = period(defaults.period(), errors);
        DimensionFilter dimensions = DimensionFilter.parse(procedure, field, counter, officer, channel, errors);
        errors.addAll(later);
        if (!errors.isEmpty()) {
            throw refusal(errors);
        }
        return new ReportFilter(agencyCode, surveyCode, chosen, dimensions);
    }

    /**
     * The refusal of report parameters: 400 when one is not even written right, 422 when all are
     * readable but not acceptable (a date outside the years reports cover, a dimension filter value
     * too long, with control characters, or a channel that is no short word).
     */
    static Refusal refusal(List<FieldError> errors) {
        boolean readable = errors.stream().allMatch(e -> e.message().startsWith(ReportPeriod.OUT_OF_RANGE)
                || DimensionFilter.PARAMETERS.contains(e.field()));
        return Refusal.worded(readable ? Refusal.Kind.INVALID : Refusal.Kind.MALFORMED, errors, "Some parameters are invalid.");
    }

    /**
     * The period: a label, {@code custom} (from/to), {@code all}; without a label, from/to when
     * either is given, else {@code absent} (all time when there is none).
     */
    private ReportPeriod period(@Nullable ReportPeriod absent, List<FieldError> errors) {
        ReportPeriod fallback = absent == null ? ReportPeriod.custom(null, null) : absent;
        if (blank(period)) {
            return blank(from) && blank(to) ? fallback : ReportPeriod.customRange(from, to, errors);
        }
        String label = period.strip();
        if (ReportPeriod.CUSTOM.equalsIgnoreCase(label)) {
            return ReportPeriod.customRange(from, to, errors);
        }
        if (ReportPeriod.ALL.equalsIgnoreCase(label)) {
            return ReportPeriod.custom(null, null);
        }
        ReportPeriod calendar = ReportPeriod.calendar(label).orElse(null);
        if (calendar == null) {
            errors.add(new FieldError("period", ReportPeriod.calendarOutOfRange(label) ? ReportPeriod.OUT_OF_RANGE : PERIOD_FORMAT));
            return fallback;
        }
        return calendar;
    }

    private static boolean blank(@Nullable String text) {
        return text == null || text.isBlank();
    }
}
