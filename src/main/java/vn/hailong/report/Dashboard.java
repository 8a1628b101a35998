package vn.hailong.report;

import io.micronaut.core.annotation.Nullable;
import vn.hailong.agency.Agency;
import vn.hailong.report.SatisfactionReport.ChoiceFigure;
import vn.hailong.report.SatisfactionReport.CriterionFigure;
import vn.hailong.survey.Text;

import java.util.List;

/**
 * Everything the reviewer dashboard shows for one agency, survey and period; the page and the
 * exports are both made from it, so they cannot disagree.
 */
public record Dashboard(Agency agency, String survey, ReportPeriod period, SatisfactionReport report,
                 @Nullable SampleTargets.Target target, List<TrendPoint> trend,
                 List<RankedAgency> ranked, List<RankedAgency> unranked,
                 List<Priority> priorities, List<CriterionFigure> weakestCriteria,
                 @Nullable ChoiceFigure improve, int minimumSample, PeriodComparison comparison) {

    /** A sub-agency in the ranking, with its sample target for the period when one was entered. */
    public record RankedAgency(RankingRow row, @Nullable SampleTargets.Target target) {
        /** Width of the 95 % interval, in points: how far apart two agencies must be to differ. */
        public @Nullable Double width() {
            return row.ci95() == null ? null : row.ci95().get(1) - row.ci95().get(0);
        }
    }

    /**
     * An element in the order it should be improved: lowest index first (ties: more respondents
     * asking for it first), beside the share of respondents who named it as what to improve first.
     */
    public record Priority(int order, String code, Text title, @Nullable Double index, @Nullable List<Double> ci95,
                    @Nullable Long asked, @Nullable Double askedShare) {
    }

    public boolean mixesVersions() {
        return report.versions().size() > 1;
    }
}
