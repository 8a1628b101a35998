package vn.hailong.report;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import vn.hailong.agency.Agency;
import vn.hailong.agency.AgencyTree;
import vn.hailong.report.SatisfactionReport.AgencyRef;
import vn.hailong.report.SatisfactionReport.ChoiceFigure;
import vn.hailong.report.SatisfactionReport.OptionFigure;
import vn.hailong.report.SatisfactionReport.CriterionFigure;
import vn.hailong.report.SatisfactionReport.ElementFigure;
import vn.hailong.report.SatisfactionReport.QuestionFigure;
import vn.hailong.survey.Questionnaire;
import vn.hailong.survey.SurveyCatalog;
import vn.hailong.survey.SurveyDefinition.ChoiceOption;
import vn.hailong.system.Refusal;
import vn.hailong.tally.RollupTally;
import vn.hailong.tally.VersionShape;
import vn.hailong.tally.VersionTally;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the satisfaction report, ranking and trend: one {@link RollupTally} per scope (from
 * {@link TallySource}, which alone decides between the rollup rows and the response rows), seen
 * in the layout's terms ({@link LayoutCounts}), then the SIPAS formulas ({@link SatisfactionCalculator}).
 */
@Singleton
public class SatisfactionReports {

    /** At most this many points per trend (100 years of months): a day per point from year 1 to 9999 was 369 MB. */
    static final int MAX_TREND_POINTS = 1200;


    private final SurveyCatalog surveys;
    private final AgencyTree agencies;
    private final int minimumSample;
    private final TallySource tallies;

    SatisfactionReports(SurveyCatalog surveys, AgencyTree agencies,
                        @Value("${hailong.report.minimum-sample:30}") int minimumSample, TallySource tallies) {
        this.tallies = tallies;
        this.surveys = surveys;
        this.agencies = agencies;
        this.minimumSample = minimumSample;
    }

    public SatisfactionReport report(Agency agency, String survey, @Nullable LocalDate from, @Nullable LocalDate to) {
        return report(agency, survey, from, to, false);
    }

    /** {@code fromRows}: from the response rows, whatever the state of the rollups (the tests' reference). */
    SatisfactionReport report(Agency agency, String survey, @Nullable LocalDate from, @Nullable LocalDate to, boolean fromRows) {
        ReportLayout layout = layout(survey);
        RollupTally tally = tallies.subtree(layout, agency.id(), survey, from, to, fromRows);
        List<Integer> versions = tally.versions().values().stream().filter(v -> v.responses() > 0)
                .map(v -> layout.versionNumber(v.shape().versionId())).sorted().toList();
        return build(agency, survey, versions, from, to, layout, tally);
    }

    /**
     * The overall and element indexes with their standard errors, from the same tallies and
     * formulas as {@link #report}: what a comparison between periods needs (docs/method.md §6.5).
     */
    IndexEstimate.Group estimates(Agency agency, String survey, @Nullable LocalDate from, @Nullable LocalDate to) {
        return estimates(agency, survey, from, to, false);
    }

    IndexEstimate.Group estimates(Agency agency, String survey, @Nullable LocalDate from, @Nullable LocalDate to, boolean fromRows) {
        ReportLayout layout = layout(survey);
        LayoutCounts tally = LayoutCounts.of(layout, tallies.subtree(layout, agency.id(), survey, from, to, fromRows));
        SatisfactionCalculator.Figures figures = SatisfactionCalculator.compute(tally, elementCriteria(layout));
        boolean sufficient = tally.responses >= minimumSample;
        Map<String, IndexEstimate> elements = new LinkedHashMap<>();
        for (int e = 0; e < layout.elements.size(); e++) {
            elements.put(layout.elements.get(e).code(), new IndexEstimate(figures.elementIndex()[e], figures.elementSe()[e],
                    tally.responses, sufficient));
        }
        return new IndexEstimate.Group(new IndexEstimate(figures.index(), figures.se(), tally.responses, sufficient), elements);
    }

    public List<RankingRow> ranking(Agency parent, String survey, @Nullable LocalDate from, @Nullable LocalDate to) {
        return ranking(parent, survey, from, to, false);
    }

    List<RankingRow> ranking(Agency parent, String survey, @Nullable LocalDate from, @Nullable LocalDate to, boolean fromRows) {
        ReportLayout layout = layout(survey);
        Map<Long, RollupTally> byChild = tallies.children(layout, parent.id(), survey, from, to, fromRows);
        RollupTally none = new RollupTally(tallies.shapes(layout));
        int[][] elementCriteria = elementCriteria(layout);
        List<RankingRow> rows = new ArrayList<>();
        for (Agency child : agencies.children(parent.id())) {
            LayoutCounts tally = LayoutCounts.of(layout, byChild.getOrDefault(child.id(), none));
            SatisfactionCalculator.Figures figures = SatisfactionCalculator.compute(tally, elementCriteria);
            rows.add(new RankingRow(null, ref(child), tally.responses, round(figures.index()), interval(figures.ci()),
                    tally.responses >= minimumSample));
        }
        // Ranked: enough sample and an index, highest first (ties share a rank); the rest after, unranked.
        List<RankingRow> ranked = rows.stream().filter(r -> r.sufficientSample() && r.index() != null)
                .sorted(Comparator.comparing(RankingRow::index).reversed().thenComparing(r -> r.agency().code())).toList();
        List<RankingRow> result = new ArrayList<>();
        for (int i = 0; i < ranked.size(); i++) {
            RankingRow row = ranked.get(i);
            int rank = i > 0 && row.index().equals(ranked.get(i - 1).index()) ? result.get(i - 1).rank() : i + 1;
            result.add(new RankingRow(rank, row.agency(), row.responses(), row.index(), row.ci95(), true));
        }
        java.util.Set<RankingRow> rankedRows = new java.util.HashSet<>(ranked);
        rows.stream().filter(r -> !rankedRows.contains(r)).sorted(Comparator.comparing(r -> r.agency().code())).forEach(result::add);
        return result;
    }

    public List<TrendPoint> trend(Agency agency, String survey, @Nullable LocalDate from, @Nullable LocalDate to, Period period) {
        return trend(agency, survey, from, to, period, false);
    }

    List<TrendPoint> trend(Agency agency, String survey, @Nullable LocalDate from, @Nullable LocalDate to, Period period,
                           boolean fromRows) {
        ReportLayout layout = layout(survey);
        TallySource.Trend trend = tallies.trend(layout, agency.id(), survey, from, to, period, fromRows);
        LocalDate[] span = {trend.first(), trend.last()};
        List<TrendPoint> points = new ArrayList<>();
        if (span[0] == null || span[1] == null) {
            return points;
        }
        // Answers stored with implausible dates (before submissions were checked) are left out of an
        // open-ended trend rather than stretching it over centuries.
        if (from == null && span[0].isBefore(ReportPeriod.EARLIEST)) {
            span[0] = ReportPeriod.EARLIEST;
        }
        if (to == null && span[1].isAfter(ReportPeriod.LATEST)) {
            span[1] = ReportPeriod.LATEST;
        }
        if (span[1].isBefore(span[0])) {
            return points;
        }
        refuseTooManyPoints(span[0], span[1], period);
        int[][] elementCriteria = elementCriteria(layout);
        RollupTally none = new RollupTally(tallies.shapes(layout));
        for (LocalDate start = period.start(span[0]); !start.isAfter(span[1]); start = period.next(start)) {
            LayoutCounts tally = LayoutCounts.of(layout, trend.byPeriod().getOrDefault(start, none));
            SatisfactionCalculator.Figures figures = SatisfactionCalculator.compute(tally, elementCriteria);
            LocalDate first = start.isBefore(span[0]) ? span[0] : start;
            LocalDate last = period.next(start).minusDays(1);
            points.add(new TrendPoint(period.label(start), first, last.isAfter(span[1]) ? span[1] : last, tally.responses,
                    round(figures.index()), interval(figures.ci()), tally.responses >= minimumSample));
        }
        return points;
    }

    /** Counted before anything is computed: a request for too many points costs nothing. */
    private static void refuseTooManyPoints(LocalDate first, LocalDate last, Period period) {
        int count = 0;
        for (LocalDate start = period.start(first); !start.isAfter(last); start = period.next(start)) {
            if (++count > MAX_TREND_POINTS) {
                throw Refusal.invalid("interval", "report.trendPoints", "gives more than " + MAX_TREND_POINTS
                        + " points for this date range: choose a longer interval or a shorter range", MAX_TREND_POINTS);
            }
        }
    }

    public int minimumSample() {
        return minimumSample;
    }

    private SatisfactionReport build(Agency agency, String survey, List<Integer> versions, @Nullable LocalDate from,
                                     @Nullable LocalDate to, ReportLayout layout, RollupTally counted) {
        LayoutCounts tally = LayoutCounts.of(layout, counted);
        SatisfactionCalculator.Figures figures = SatisfactionCalculator.compute(tally, elementCriteria(layout));
        List<ElementFigure> elements = new ArrayList<>();
        for (int e = 0; e < layout.elements.size(); e++) {
            ReportLayout.ElementSlot slot = layout.elements.get(e);
            List<CriterionFigure> criteria = new ArrayList<>();
            for (int k : slot.criteria()) {
                long n = tally.answers(k);
                criteria.add(new CriterionFigure(layout.criteria.get(k).code(), layout.criteria.get(k).text(), n,
                        tally.satisfied(k), round(figures.criterionIndex()[k]), interval(figures.criterionCi()[k]),
                        n == 0 ? null : round((double) tally.valueSum[k] / n),
                        distribution(layout.criterionValues.get(k), tally.distribution[k]), n >= minimumSample));
            }
            elements.add(new ElementFigure(slot.code(), slot.title(), tally.elementRespondents[e],
                    round(figures.elementIndex()[e]), interval(figures.elementCi()[e]), criteria));
        }
        List<QuestionFigure> questions = new ArrayList<>();
        for (int q = 0; q < layout.questions.size(); q++) {
            long n = 0;
            for (long count : tally.questionDistribution[q]) {
                n += count;
            }
            long satisfied = tally.questionSatisfied[q];
            questions.add(new QuestionFigure(layout.questions.get(q).code(), layout.questions.get(q).text(), n, satisfied,
                    n == 0 ? null : round(100.0 * satisfied / n),
                    n == 0 ? null : interval(SatisfactionCalculator.wilson(satisfied, n)),
                    n == 0 ? null : round((double) tally.questionSum[q] / n),
                    distribution(layout.questionValues.get(q), tally.questionDistribution[q])));
        }
        return new SatisfactionReport(ref(agency), survey, versions, from, to, tally.responses,
                tally.responses >= minimumSample, null, round(figures.index()), interval(figures.ci()), elements, questions,
                choices(layout, counted));
    }

    /**
     * Shares of answers per option, pooled by question and option code over the versions in which
     * the code is a choice question (the tally counts only those).
     */
    static List<ChoiceFigure> choices(ReportLayout layout, RollupTally tally) {
        Map<String, Long> answered = new HashMap<>();
        Map<String, Map<String, Long>> picked = new HashMap<>();
        for (VersionTally v : tally.versions().values()) {
            VersionShape shape = v.shape();
            for (int q = 0; q < shape.choices(); q++) {
                String code = shape.choiceCode(q);
                answered.merge(code, v.choiceAnswered(q), Long::sum);
                List<String> options = shape.choiceOptions(q);
                for (int o = 0; o < options.size(); o++) {
                    picked.computeIfAbsent(code, c -> new HashMap<>()).merge(options.get(o), v.choicePicked(q, o), Long::sum);
                }
            }
        }
        List<ChoiceFigure> result = new ArrayList<>();
        for (ReportLayout.ChoiceSlot slot : layout.choices) {
            long n = answered.getOrDefault(slot.code(), 0L);
            Map<String, Long> byOption = picked.getOrDefault(slot.code(), Map.of());
            List<OptionFigure> options = new ArrayList<>();
            for (ChoiceOption option : slot.options()) {
                long count = byOption.getOrDefault(option.code(), 0L);
                options.add(new OptionFigure(option.code(), option.label(), count, n == 0 ? null : round(100.0 * count / n)));
            }
            result.add(new ChoiceFigure(slot.code(), slot.text(), slot.section(), n, options));
        }
        return result;
    }

    ReportLayout layout(String survey) {
        List<Questionnaire> versions = surveys.allVersions(survey);
        if (versions.isEmpty()) {
            throw Refusal.notFound("survey", "survey.none", "No survey with code '" + survey + "'.", survey);
        }
        return new ReportLayout(versions);
    }

    static int[][] elementCriteria(ReportLayout layout) {
        return layout.elements.stream().map(ReportLayout.ElementSlot::criteria).toArray(int[][]::new);
    }

    private static Map<String, Long> distribution(int[] values, long[] counts) {
        Map<String, Long> result = new LinkedHashMap<>();
        for (int v : values) {
            result.put(Integer.toString(v), counts[v]);
        }
        return result;
    }

    static AgencyRef ref(Agency agency) {
        return new AgencyRef(agency.code(), agency.nameVi(), agency.nameEn());
    }

    /** Four decimals: well inside the 0.01 that figures are compared at, and readable. */
    static Double round(@Nullable Double value) {
        return value == null ? null : Math.round(value * 10_000) / 10_000.0;
    }

    static List<Double> interval(@Nullable double[] ci) {
        return ci == null ? null : List.of(round(ci[0]), round(ci[1]));
    }
}
