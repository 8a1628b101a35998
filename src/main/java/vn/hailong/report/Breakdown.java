package vn.hailong.report;

import java.util.List;

/**
 * A breakdown as the dashboard and its exports show it: the dimension, the filter that narrowed
 * it and the rows of {@link DimensionBreakdowns}. Page and files are made from the same object.
 */
public record Breakdown(Dimension by, DimensionFilter filter, List<BreakdownRow> rows, int minimumSample) {

    /** Counters and officers are per agency: their rows show which agency. */
    public boolean perAgency() {
        return by == Dimension.COUNTER || by == Dimension.OFFICER;
    }
}
