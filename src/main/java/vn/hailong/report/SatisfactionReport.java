package vn.hailong.report;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
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
        @Schema(description = "Minimum sample for publishing (not the Slovin target): true when responses reach hailong.report.minimum-sample (default 30); below it the figure is indicative and not ranked. docs/method.md §7.")
        boolean sufficientSample,
        @Schema(description = "Slovin sample target (not the minimum sample): responses the period should collect, ⌈N / (1 + N·0.05²)⌉ from the N dossiers returned in the period as the dossier system sent them, else the count entered for a month, quarter or year; null without either. docs/method.md §8.")
        @Nullable Long sampleTarget,
        @Nullable Double index,
        @Nullable List<Double> ci95,
        List<ElementFigure> elements,
        List<QuestionFigure> questions,
        List<ChoiceFigure> choices) {

    /** The same figures with the period's Slovin target (SampleTargets), which the report itself does not count. */
    public SatisfactionReport withSampleTarget(@Nullable Long target) {
        return new SatisfactionReport(agency, survey, versions, from, to, responses, sufficientSample, target, index, ci95,
                elements, questions, choices);
    }

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

    /**
     * A choice or multi-choice question (opinions, expectations, reasons, profile): not part of the
     * index, reported as shares. {@code answered} = respondents who answered it; an option's
     * {@code share} = 100 × count / answered (null when nobody answered). For a multi-choice
     * question the shares add up to more than 100.
     */
    @Serdeable
    public record ChoiceFigure(String code, Text text, @Nullable String section, long answered, List<OptionFigure> options) {
    }

    @Serdeable
    public record OptionFigure(String code, Text label, long count, @Nullable Double share) {
    }
}
