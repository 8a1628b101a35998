package vn.hailong.report;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import vn.hailong.agency.Agency;
import vn.hailong.report.EvaluationReport.CriterionScore;
import vn.hailong.report.EvaluationReport.Level;
import vn.hailong.report.SatisfactionReport.CriterionFigure;
import vn.hailong.survey.EvaluationPoints;
import vn.hailong.survey.Questionnaire;
import vn.hailong.survey.SurveyCatalog;
import vn.hailong.survey.SurveyDefinition.ScaleOption;
import vn.hailong.system.Refusal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@link EvaluationReport} from the satisfaction report of the same survey, agency and
 * dates: the per-value counts of each criterion there (the rollups, or the raw scan, as every
 * report) times the points the current version gives each value. No second count of responses.
 */
@Singleton
class EvaluationReports {

    private final SatisfactionReports reports;
    private final SurveyCatalog surveys;

    EvaluationReports(SatisfactionReports reports, SurveyCatalog surveys) {
        this.reports = reports;
        this.surveys = surveys;
    }

    EvaluationReport report(Agency agency, String survey, @Nullable LocalDate from, @Nullable LocalDate to, String language) {
        Questionnaire current = surveys.current(survey).orElseThrow(() ->
                Refusal.notFound("survey", "survey.none", "No survey with code '" + survey + "'.", survey));
        EvaluationPoints points = EvaluationPoints.of(current);
        if (points.isEmpty()) {
            throw Refusal.invalid("survey", "survey.noPoints", "has no criterion whose answers carry points (the template's 'points')");
        }
        SatisfactionReport figures = reports.report(agency, survey, from, to);
        Map<String, CriterionFigure> byCode = new LinkedHashMap<>();
        figures.elements().forEach(e -> e.criteria().forEach(c -> byCode.put(c.code(), c)));

        List<CriterionScore> criteria = new ArrayList<>();
        double meanScore = 0;
        boolean everyResponseScored = figures.responses() > 0;
        for (EvaluationPoints.ScoredCriterion scored : points.criteria()) {
            CriterionFigure figure = byCode.get(scored.code());
            long answers = figure == null ? 0 : figure.answers();
            long pointSum = 0;
            List<Level> levels = new ArrayList<>();
            for (ScaleOption option : current.scaleOf(scored.code()).orElseThrow().options()) {
                long count = figure == null ? 0 : figure.distribution().getOrDefault(Integer.toString(option.value()), 0L);
                pointSum += count * option.points();
                levels.add(new Level(option.value(), option.label().in(language), option.points(), count,
                        answers == 0 ? null : SatisfactionReports.round(100.0 * count / answers)));
            }
            Double mean = answers == 0 ? null : (double) pointSum / answers;
            if (mean != null) {
                meanScore += mean;
            }
            // the mean of sums is the sum of means only when every response answered every criterion
            everyResponseScored &= answers == figures.responses();
            criteria.add(new CriterionScore(scored.code(), current.criteria().get(scored.code()).text().in(language), answers,
                    scored.maxPoints(), SatisfactionReports.round(mean), levels));
        }
        return new EvaluationReport(figures.agency(), survey, figures.versions(), from, to, figures.responses(),
                figures.sufficientSample(), points.maxScore(), everyResponseScored ? SatisfactionReports.round(meanScore) : null,
                criteria);
    }
}
