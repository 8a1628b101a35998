package vn.hailong.report;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import vn.hailong.survey.Text;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** The satisfaction report of api.md: SIPAS figures for an agency's subtree over a date range. */
@Serdeable
public record SatisfactionReport(
        AgencyRef agency,
        String survey,
        List<Integer> versions,
        @Nullable LocalDate from,
        @Nullable LocalDate to,
        long responses,
        boolean sufficientSample,
        @Nullable Long sampleTarget,
        @Nullable Double index,
        @Nullable List<Double> ci95,
        List<ElementFigure> elements,
        List<QuestionFigure> questions) {

    @Serdeable
    public record AgencyRef(String code, String nameVi, String nameEn) {
    }

    @Serdeable
    public record ElementFigure(String code, Text title, long respondents, @Nullable Double index,
                                @Nullable List<Double> ci95, List<CriterionFigure> criteria) {
    }

    @Serdeable
    public record CriterionFigure(String code, Text text, long answers, long satisfied, @Nullable Double index,
                                  @Nullable List<Double> ci95, @Nullable Double mean, Map<String, Long> distribution,
                                  boolean sufficientSample) {
    }

    /** A scale question outside the index (overall satisfaction): same figures, not part of the index. */
    @Serdeable
    public record QuestionFigure(String code, Text text, long answers, long satisfied, @Nullable Double index,
                                 @Nullable List<Double> ci95, @Nullable Double mean, Map<String, Long> distribution) {
    }
}
