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
import vn.hailong.system.ApiProblemException;
import vn.hailong.system.ReportDatabase;
import vn.hailong.tally.RollupTally;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Builds the satisfaction report, ranking and trend: tally, apply the SIPAS formulas. The tallies
 * come from the rollups (ADR 0006); the raw scan of the score lines stays as the reference
 * recomputation, used while the rollups are stale and by the tests that compare both.
 */
@Singleton
public class SatisfactionReports {

    /** At most this many points per trend (100 years of months): a day per point from year 1 to 9999 was 369 MB. */
    static final int MAX_TREND_POINTS = 1200;


    private final SurveyCatalog surveys;
    private final AgencyTree agencies;
    private final ResponseScan scan;
    private final int minimumSample;
    private final ReportDatabase database;
    private final RollupTallies rollups;

    SatisfactionReports(SurveyCatalog surveys, AgencyTree agencies, ResponseScan scan,
                        @Value("${hailong.report.minimum-sample:30}") int minimumSample,
                        ReportDatabase database, RollupTallies rollups) {
        this.database = database;
        this.rollups = rollups;
        this.surveys = surveys;
        this.agencies = agencies;
        this.scan = scan;
        this.minimumSample = minimumSample;
    }

    public SatisfactionReport report(Agency agency, String survey, @Nullable LocalDate from, @Nullable LocalDate to) {
        return report(agency, survey, from, to, false);
    }

    /** {@code raw}: from the raw score lines and answers, whatever the state of the rollups. */
    SatisfactionReport report(Agency agency, String survey, @Nullable LocalDate from, @Nullable LocalDate to, boolean raw) {
        ReportLayout layout = layout(survey);
        if (!raw && rollups.usable(layout)) {
            RollupTally sum = rollups.subtree(agency.id(), survey, from, to);
            List<Integer> versions = sum.versions().values().stream().filter(v -> v.responses() > 0)
                    .map(v -> layout.versionNumber(v.shape().versionId())).sorted().toList();
            return build(agency, survey, versions, from, to, layout, RollupTallies.toLayout(layout, sum),
                    choices(layout, RollupTallies.choices(sum)));
        }
        // One read transaction: the score lines and the choice counts see the same responses.
        return database.read(status -> {
            SatisfactionTally tally = SatisfactionTally.forLayout(layout);
            TreeSet<Integer> versions = new TreeSet<>();
            Map<Long, ReportLayout.VersionMap> seen = new HashMap<>();
            scan.subtree(agency.id(), survey, from, to, (group, versionId, scores, date) -> {
                ReportLayout.VersionMap map = seen.computeIfAbsent(versionId, id -> {
                    versions.add(layout.versionNumber(id));
                    return layout.version(id);
                });
                tally.add(map, scores);
            });
            List<ChoiceFigure> choices = choices(layout, scan.choices(agency.id(), survey, from, to,
                    layout.choices.stream().map(ReportLayout.ChoiceSlot::code).toList()));
            return build(agency, survey, List.copyOf(versions), from, to, layout, tally, choices);
        });
    }

    /**
     * The overall and element indexes with their standard errors, from the same tallies and
     * formulas as {@link #report}: what a comparison between periods needs (docs/method.md §6.5).
     */
    IndexEstimate.Group estimates(Agency agency, String survey, @Nullable LocalDate from, @Nullable LocalDate to) {
        ReportLayout layout = layout(survey);
        SatisfactionTally tally;
        if (rollups.usable(layout)) {
            tally = RollupTallies.toLayout(layout, rollups.subtree(agency.id(), survey, from, to));
        } else {
            tally = database.read(status -> {
                SatisfactionTally raw = SatisfactionTally.forLayout(layout);
                scan.subtree(agency.id(), survey, from, to, (group, versionId, scores, date) -> raw.add(layout.version(versionId), scores));
                return raw;
            });
        }
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

    List<RankingRow> ranking(Agency parent, String survey, @Nullable LocalDate from, @Nullable LocalDate to, boolean raw) {
        ReportLayout layout = layout(survey);
        Map<Long, SatisfactionTally> byChild = new LinkedHashMap<>();
        List<Agency> children = agencies.children(parent.id());
        if (!raw && rollups.usable(layout)) {
            Map<Long, RollupTally> summed = rollups.children(parent.id(), survey, from, to);
            children.forEach(child -> byChild.put(child.id(), summed.containsKey(child.id())
                    ? RollupTallies.toLayout(layout, summed.get(child.id())) : SatisfactionTally.forLayout(layout)));
        } else {
            children.forEach(child -> byChild.put(child.id(), SatisfactionTally.forLayout(layout)));
            scan.children(parent.id(), survey, from, to, (child, versionId, scores, date) ->
                    byChild.get(child).add(layout.version(versionId), scores));
        }
        int[][] elementCriteria = elementCriteria(layout);
        List<RankingRow> rows = new ArrayList<>();
        for (Agency child : children) {
            SatisfactionTally tally = byChild.get(child.id());
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
                           boolean raw) {
        ReportLayout layout = layout(survey);
        TreeMap<LocalDate, SatisfactionTally> byPeriod = new TreeMap<>();
        LocalDate[] span = {from, to};
        if (!raw && rollups.usable(layout)) {
            // One read transaction: the rows and the edge days come from the same state.
            RollupTallies.Trend trend = database.read(status -> rollups.trend(agency.id(), survey, from, to, period));
            trend.byPeriod().forEach((start, tally) -> byPeriod.put(start, RollupTallies.toLayout(layout, tally)));
            span[0] = trend.first();
            span[1] = trend.last();
        } else {
            scan.subtree(agency.id(), survey, from, to, (group, versionId, scores, date) -> {
                byPeriod.computeIfAbsent(period.start(date), d -> SatisfactionTally.forLayout(layout)).add(layout.version(versionId), scores);
                if (from == null && (span[0] == null || date.isBefore(span[0]))) {
                    span[0] = date;
                }
                if (to == null && (span[1] == null || date.isAfter(span[1]))) {
                    span[1] = date;
                }
            });
        }
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
        for (LocalDate start = period.start(span[0]); !start.isAfter(span[1]); start = period.next(start)) {
            SatisfactionTally tally = byPeriod.getOrDefault(start, SatisfactionTally.forLayout(layout));
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
                throw ApiProblemException.invalid("interval", "gives more than " + MAX_TREND_POINTS
                        + " points for this date range: choose a longer interval or a shorter range");
            }
        }
    }

    public int minimumSample() {
        return minimumSample;
    }

    private SatisfactionReport build(Agency agency, String survey, List<Integer> versions, @Nullable LocalDate from,
                                     @Nullable LocalDate to, ReportLayout layout, SatisfactionTally tally,
                                     List<ChoiceFigure> choices) {
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
                tally.responses >= minimumSample, null, round(figures.index()), interval(figures.ci()), elements, questions, choices);
    }

    /** Shares of answers per option, counting only versions in which the code is a choice question. */
    static List<ChoiceFigure> choices(ReportLayout layout, ResponseScan.ChoiceCounts counts) {
        Map<String, Long> answered = new HashMap<>();
        for (ResponseScan.OptionCount row : counts.answered()) {
            if (layout.isChoice(row.versionId(), row.question())) {
                answered.merge(row.question(), row.respondents(), Long::sum);
            }
        }
        Map<String, Map<String, Long>> picked = new HashMap<>();
        for (ResponseScan.OptionCount row : counts.options()) {
            if (layout.isChoice(row.versionId(), row.question()) && row.value() != null) {
                picked.computeIfAbsent(row.question(), q -> new HashMap<>()).merge(row.value(), row.respondents(), Long::sum);
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
            throw ApiProblemException.notFound("survey", "No survey with code '" + survey + "'.");
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
