package vn.hailong.alert;

import io.micronaut.core.annotation.Nullable;
import vn.hailong.agency.Agency;

import java.time.LocalDate;
import java.util.Map;

/**
 * The dashboard's figures, as the scheduled rules and the weekly digest read them. Implemented in
 * the report package over its own report code (report.AlertReportFigures), so that there is one
 * way to count and the alerts do not depend on the reports (ArchitectureTest: nothing does).
 */
public interface ReportFigures {

    /** An index (null: none, e.g. no valid answer) and the sample it stands on. */
    record Measure(@Nullable Double index, long n) {
    }

    /**
     * The report of an agency's subtree over days {@code from}..{@code to}: the overall index with
     * its respondents ({@code responses}), each element's with its respondents, each criterion's
     * with its answers (docs/method.md §2–4).
     */
    record Snapshot(Measure overall, Map<String, Measure> elements, Map<String, Measure> criteria) {
    }

    Snapshot snapshot(Agency agency, String survey, LocalDate from, LocalDate to);

    /** The minimum sample of the reports (HAILONG_MINIMUM_SAMPLE): below it, "too few to judge". */
    int minimumSample();
}
