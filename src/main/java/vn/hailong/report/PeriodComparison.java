package vn.hailong.report;

import io.micronaut.core.annotation.Nullable;

import java.util.Map;

/**
 * The reported period's SIPAS and element indexes against the previous period and the same period
 * a year earlier (docs/method.md §6.5); a side is null when the period has no such neighbour
 * (all time, open-ended or over-a-year custom dates, before 2000).
 */
public record PeriodComparison(@Nullable Side previous, @Nullable Side yearEarlier) {

    /** One earlier period: its dates, and the change of the overall index and of each element's (by code). */
    public record Side(ReportPeriod period, IndexChange overall, Map<String, IndexChange> elements) {

        /** The change of one element's index; null when the element is not in the survey. */
        public @Nullable IndexChange element(String code) {
            return elements.get(code);
        }
    }

    static final PeriodComparison NONE = new PeriodComparison(null, null);
}
