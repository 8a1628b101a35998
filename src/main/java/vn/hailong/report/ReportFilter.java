package vn.hailong.report;

import io.micronaut.core.annotation.Nullable;

import java.time.LocalDate;

/**
 * What a report is about, as every report endpoint and page reads it from its query parameters
 * ({@link ReportParameters}): an agency (with those below it), a survey (null where the endpoint
 * has none or a default of its own), a period, and the dossier dimensions it is narrowed to.
 */
public record ReportFilter(String agency, @Nullable String survey, ReportPeriod period, DimensionFilter dimensions) {

    /** The first day counted, or null for no lower bound. */
    public @Nullable LocalDate from() {
        return period.from();
    }

    /** The last day counted (inclusive), or null for no upper bound. */
    public @Nullable LocalDate to() {
        return period.to();
    }

    /** The same filter for a period given otherwise (the API's from/to as the calendar period they name). */
    ReportFilter withPeriod(ReportPeriod other) {
        return new ReportFilter(agency, survey, other, dimensions);
    }
}
