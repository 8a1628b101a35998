package vn.hailong.report;

import io.micronaut.core.annotation.Nullable;
import vn.hailong.system.ApiProblemException;
import vn.hailong.system.FieldError;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Query parameters shared by the report endpoints and pages, checked with a message per field. */
record ReportRequest(String agency, @Nullable String survey, @Nullable LocalDate from, @Nullable LocalDate to) {

    static ReportRequest parse(String agencyField, @Nullable String agency, @Nullable String survey,
                               @Nullable String from, @Nullable String to) {
        return parse(agencyField, agency, survey, true, from, to, List.of());
    }

    /**
     * As {@link #parse(String, String, String, String, String)}, with the survey optional unless
     * {@code surveyRequired} (absent: null), and {@code earlier} errors of other parameters reported together.
     */
    static ReportRequest parse(String agencyField, @Nullable String agency, @Nullable String survey, boolean surveyRequired,
                               @Nullable String from, @Nullable String to, List<FieldError> earlier) {
        List<FieldError> errors = new ArrayList<>(earlier);
        if (agency == null || agency.isBlank()) {
            errors.add(new FieldError(agencyField, "is required (an agency code)"));
        }
        if (surveyRequired && (survey == null || survey.isBlank())) {
            errors.add(new FieldError("survey", "is required (a survey code such as sipas-2017)"));
        }
        ReportPeriod range = ReportPeriod.customRange(from, to, errors);
        if (!errors.isEmpty()) {
            throw ReportPeriod.refusal(errors);
        }
        return new ReportRequest(agency.strip(), survey == null || survey.isBlank() ? null : survey.strip(), range.from(), range.to());
    }
}
