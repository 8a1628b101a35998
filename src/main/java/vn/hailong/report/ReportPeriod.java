package vn.hailong.report;

import io.micronaut.core.annotation.Nullable;

import vn.hailong.system.FieldError;
import vn.hailong.system.QueryValues;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The period a dashboard or a sample target is about: a calendar month ({@code 2026-03}), quarter
 * ({@code 2026-Q1}), year ({@code 2026}), custom dates, or all time. Dates are inclusive.
 */
public record ReportPeriod(Kind kind, @Nullable LocalDate from, @Nullable LocalDate to, String label) {

    public enum Kind { MONTH, QUARTER, YEAR, CUSTOM, ALL }

    static final String CUSTOM = "custom";
    static final String ALL = "all";

    /**
     * Reports cover 2000-01-01 to 2099-12-31 (the first day any answer may carry, as
     * response.PlausibleDates says — report does not depend on response — to a last day that keeps a trend's size bounded): earlier or later
     * dates are a typo or a probe, and year 10 rendered as a trend label broke the page.
     */
    static final LocalDate EARLIEST = LocalDate.of(2000, 1, 1);
    static final LocalDate LATEST = LocalDate.of(2099, 12, 31);
    static final String OUT_OF_RANGE = "must be between " + EARLIEST + " and " + LATEST;

    private static final Pattern MONTH = Pattern.compile("(\\d{4})-(\\d{2})");
    private static final Pattern QUARTER = Pattern.compile("(\\d{4})-[Qq]([1-4])");
    private static final Pattern YEAR = Pattern.compile("(\\d{4})");

    /** A calendar period from its label, if the label is one and within {@link #EARLIEST}..{@link #LATEST}. */
    static Optional<ReportPeriod> calendar(@Nullable String label) {
        return parseCalendar(label).filter(p -> !p.from().isBefore(EARLIEST) && !p.to().isAfter(LATEST));
    }

    /** True when {@code label} is written as a calendar period but lies outside the years reports cover. */
    static boolean calendarOutOfRange(@Nullable String label) {
        return parseCalendar(label).isPresent() && calendar(label).isEmpty();
    }

    /** Adds {@link #OUT_OF_RANGE} for {@code field} when {@code date} lies outside the days reports cover. */
    static void checkRange(String field, @Nullable LocalDate date, List<FieldError> errors) {
        if (date != null && (date.isBefore(EARLIEST) || date.isAfter(LATEST))) {
            errors.add(new FieldError(field, OUT_OF_RANGE));
        }
    }

    /**
     * A custom range from the query parameters {@code from} and {@code to} (either may be open):
     * each a date within the days reports cover, {@code to} not before {@code from}. Problems are
     * added to {@code errors}; the range read so far is returned either way.
     */
    static ReportPeriod customRange(@Nullable String from, @Nullable String to, List<FieldError> errors) {
        LocalDate start = QueryValues.date("from", from, errors);
        LocalDate end = QueryValues.date("to", to, errors);
        checkRange("from", start, errors);
        checkRange("to", end, errors);
        if (start != null && end != null && end.isBefore(start)) {
            errors.add(new FieldError("to", "must not be before from"));
        }
        return custom(start, end);
    }

    private static Optional<ReportPeriod> parseCalendar(@Nullable String label) {
        if (label == null) {
            return Optional.empty();
        }
        String text = label.strip();
        Matcher m = MONTH.matcher(text);
        if (m.matches()) {
            int month = Integer.parseInt(m.group(2));
            if (month < 1 || month > 12) {
                return Optional.empty();
            }
            return Optional.of(month(YearMonth.of(Integer.parseInt(m.group(1)), month)));
        }
        m = QUARTER.matcher(text);
        if (m.matches()) {
            return Optional.of(quarter(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
        }
        m = YEAR.matcher(text);
        if (m.matches()) {
            return Optional.of(year(Integer.parseInt(m.group(1))));
        }
        return Optional.empty();
    }

    static ReportPeriod month(YearMonth month) {
        return new ReportPeriod(Kind.MONTH, month.atDay(1), month.atEndOfMonth(), month.toString());
    }

    static ReportPeriod quarter(int year, int quarter) {
        LocalDate start = LocalDate.of(year, (quarter - 1) * 3 + 1, 1);
        return new ReportPeriod(Kind.QUARTER, start, start.plusMonths(3).minusDays(1), year + "-Q" + quarter);
    }

    static ReportPeriod year(int year) {
        return new ReportPeriod(Kind.YEAR, LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31), Integer.toString(year));
    }

    static ReportPeriod custom(@Nullable LocalDate from, @Nullable LocalDate to) {
        if (from == null && to == null) {
            return new ReportPeriod(Kind.ALL, null, null, ALL);
        }
        return new ReportPeriod(Kind.CUSTOM, from, to, (from == null ? "" : from.toString()) + "_" + (to == null ? "" : to.toString()));
    }

    /**
     * The period a date range names: exactly a calendar month, quarter or year (first to last day)
     * is that period — so the API's from/to find the sample target entered for it — else a custom range.
     */
    static ReportPeriod of(@Nullable LocalDate from, @Nullable LocalDate to) {
        if (from != null && to != null && from.getDayOfMonth() == 1 && to.equals(from.plusMonths(1).minusDays(1))) {
            return month(YearMonth.from(from));
        }
        if (from != null && to != null && from.getDayOfMonth() == 1 && (from.getMonthValue() - 1) % 3 == 0
                && to.equals(from.plusMonths(3).minusDays(1))) {
            return quarterOf(from);
        }
        if (from != null && to != null && from.getDayOfYear() == 1 && to.equals(from.plusYears(1).minusDays(1))) {
            return year(from.getYear());
        }
        return custom(from, to);
    }

    /** The quarter that {@code date} falls in. */
    static ReportPeriod quarterOf(LocalDate date) {
        return quarter(date.getYear(), (date.getMonthValue() - 1) / 3 + 1);
    }

    public boolean isCalendar() {
        return kind == Kind.MONTH || kind == Kind.QUARTER || kind == Kind.YEAR;
    }

    /**
     * The period as a reader is shown it: a calendar period's label, a custom range's dates
     * ({@code 2026-03-05 – 2026-03-14}, an open end as …); all time keeps its label (pages name it in their language).
     */
    public String shown() {
        if (kind != Kind.CUSTOM) {
            return label;
        }
        return (from == null ? "…" : from.toString()) + " – " + (to == null ? "…" : to.toString());
    }

    /** The value of the period select: the label of a calendar period, else {@code custom} or {@code all}. */
    public String selectValue() {
        return switch (kind) {
            case CUSTOM -> CUSTOM;
            case ALL -> ALL;
            default -> label;
        };
    }

    /**
     * The period just before this one, of the same kind and length: the month, quarter or year
     * before, or as many days ending the day before a custom range starts (docs/method.md §6.5).
     * None for all time, open-ended dates or a period that would start before {@link #EARLIEST}.
     */
    Optional<ReportPeriod> previous() {
        ReportPeriod before = switch (kind) {
            case MONTH -> month(YearMonth.from(from).minusMonths(1));
            case QUARTER -> quarterOf(from.minusDays(1));
            case YEAR -> year(from.getYear() - 1);
            case CUSTOM -> from == null || to == null ? null
                    : custom(from.minusDays(java.time.temporal.ChronoUnit.DAYS.between(from, to) + 1), from.minusDays(1));
            case ALL -> null;
        };
        return Optional.ofNullable(before).filter(p -> !p.from().isBefore(EARLIEST));
    }

    /**
     * The same period one year earlier (for a year, the year before: then it is also {@link #previous()}).
     * None when the range is longer than a year (the two would overlap, and the comparison of
     * docs/method.md §6.5 needs disjoint sets of responses), for open-ended dates and all time.
     */
    Optional<ReportPeriod> yearEarlier() {
        ReportPeriod before = switch (kind) {
            case MONTH -> month(YearMonth.from(from).minusYears(1));
            case QUARTER -> quarter(from.getYear() - 1, (from.getMonthValue() - 1) / 3 + 1);
            case YEAR -> year(from.getYear() - 1);
            case CUSTOM -> from == null || to == null || !to.minusYears(1).isBefore(from) ? null
                    : custom(from.minusYears(1), to.minusYears(1));
            case ALL -> null;
        };
        return Optional.ofNullable(before).filter(p -> !p.from().isBefore(EARLIEST));
    }

    /** The months of a quarter or year (one for a month), for summing targets entered per month. */
    List<ReportPeriod> months() {
        List<ReportPeriod> months = new ArrayList<>();
        if (isCalendar()) {
            for (YearMonth m = YearMonth.from(from); !m.atDay(1).isAfter(to); m = m.plusMonths(1)) {
                months.add(month(m));
            }
        }
        return months;
    }

    List<ReportPeriod> quarters() {
        List<ReportPeriod> quarters = new ArrayList<>();
        if (kind == Kind.YEAR) {
            for (int q = 1; q <= 4; q++) {
                quarters.add(quarter(from.getYear(), q));
            }
        }
        return quarters;
    }

    /** Periods offered in the select, newest first: 24 months, 8 quarters, 5 years up to {@code today}. */
    static List<ReportPeriod> recent(LocalDate today) {
        List<ReportPeriod> periods = new ArrayList<>();
        ReportPeriod quarter = quarterOf(today);
        for (int i = 0; i < 8; i++) {
            periods.add(quarter);
            LocalDate before = quarter.from().minusDays(1);
            quarter = quarterOf(before);
        }
        for (int i = 0; i < 24; i++) {
            periods.add(month(YearMonth.from(today).minusMonths(i)));
        }
        for (int i = 0; i < 5; i++) {
            periods.add(year(today.getYear() - i));
        }
        return periods;
    }
}
