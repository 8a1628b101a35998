package vn.hailong.report;

import io.micronaut.core.annotation.Nullable;
import vn.hailong.system.ApiProblemException;
import vn.hailong.system.FieldError;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the reviewer asked the dashboard and its exports for: agency, survey, period (a month,
 * quarter or year label, {@code custom} with from/to, or {@code all}) and the ranking order.
 */
public record DashboardQuery(String agency, String survey, ReportPeriod period, RankingOrder order) {

    /** Ranking columns that can be sorted on, and the direction. */
    public record RankingOrder(String column, boolean descending) {
        static final List<String> COLUMNS = List.of("rank", "name", "responses", "index", "width", "target");

        static RankingOrder parse(@Nullable String sort, @Nullable String dir, List<FieldError> errors) {
            String column = sort == null || sort.isBlank() ? "rank" : sort.strip().toLowerCase(Locale.ROOT);
            if (!COLUMNS.contains(column)) {
                errors.add(new FieldError("sort", "must be one of " + String.join(", ", COLUMNS)));
                column = "rank";
            }
            boolean descending = false;
            if (dir != null && !dir.isBlank()) {
                switch (dir.strip().toLowerCase(Locale.ROOT)) {
                    case "desc" -> descending = true;
                    case "asc" -> descending = false;
                    default -> errors.add(new FieldError("dir", "must be asc or desc"));
                }
            }
            return new RankingOrder(column, descending);
        }

        /** The direction a click on {@code other}'s header asks for: the reverse when it is the current column. */
        public String nextDir(String other) {
            return other.equals(column) && !descending ? "desc" : "asc";
        }
    }

    /**
     * Reads the query. Without a period the current quarter is shown (what a reviewer prepares most);
     * {@code custom} takes from/to; a bad label or date is reported per field.
     */
    static DashboardQuery parse(String agency, String survey, @Nullable String period, @Nullable String from,
                                @Nullable String to, @Nullable String sort, @Nullable String dir, LocalDate today) {
        List<FieldError> errors = new ArrayList<>();
        ReportPeriod chosen;
        boolean datesGiven = !(blank(from) && blank(to));
        if (blank(period)) {
            chosen = datesGiven ? ReportPeriod.customRange(from, to, errors) : ReportPeriod.quarterOf(today);
        } else if (ReportPeriod.CUSTOM.equalsIgnoreCase(period.strip())) {
            chosen = ReportPeriod.customRange(from, to, errors);
        } else if (ReportPeriod.ALL.equalsIgnoreCase(period.strip())) {
            chosen = ReportPeriod.custom(null, null);
        } else {
            chosen = ReportPeriod.calendar(period).orElse(null);
            if (chosen == null && ReportPeriod.calendarOutOfRange(period)) {
                errors.add(new FieldError("period", ReportPeriod.OUT_OF_RANGE));
                chosen = ReportPeriod.quarterOf(today);
            } else if (chosen == null) {
                errors.add(new FieldError("period", "must be a month (2026-03), a quarter (2026-Q1), a year (2026), custom or all"));
                chosen = ReportPeriod.quarterOf(today);
            }
        }
        RankingOrder order = RankingOrder.parse(sort, dir, errors);
        if (!errors.isEmpty()) {
            throw ReportPeriod.refusal(errors);
        }
        return new DashboardQuery(agency, survey, chosen, order);
    }

    private static boolean blank(@Nullable String text) {
        return text == null || text.isBlank();
    }
}
