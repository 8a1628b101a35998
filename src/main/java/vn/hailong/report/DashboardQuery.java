package vn.hailong.report;

import io.micronaut.core.annotation.Nullable;
import vn.hailong.system.FieldError;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the reviewer asked the dashboard and its exports for: the report's filter (agency, survey,
 * period: a month, quarter or year label, {@code custom} with from/to, or {@code all}) and the
 * ranking order.
 */
public record DashboardQuery(ReportFilter filter, RankingOrder order) {

    /** The agency code of the filter. */
    public String agency() {
        return filter.agency();
    }

    /** The survey code of the filter (a dashboard always has one: the default survey when none was asked for). */
    public String survey() {
        return filter.survey();
    }

    public ReportPeriod period() {
        return filter.period();
    }

    /** The dashboard of {@code filter} ranked as the API's ranking is: by rank. */
    static DashboardQuery byRank(ReportFilter filter) {
        return new DashboardQuery(filter, new RankingOrder("rank", false));
    }

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
     * Reads the query: the report parameters with the pages' defaults (without a period or dates
     * the current quarter is shown, what a reviewer prepares most) and the ranking order; every bad
     * parameter is reported at once ({@link vn.hailong.system.Refusal}).
     */
    static DashboardQuery parse(ReportParameters parameters, ReportParameters.Defaults defaults, @Nullable String sort,
                                @Nullable String dir) {
        List<FieldError> orderErrors = new ArrayList<>();
        RankingOrder order = RankingOrder.parse(sort, dir, orderErrors);
        return new DashboardQuery(parameters.read(defaults, List.of(), orderErrors), order);
    }
}
