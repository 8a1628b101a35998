package vn.hailong.report;

import jakarta.inject.Singleton;
import vn.hailong.agency.Agency;
import vn.hailong.agency.AgencyTree;
import vn.hailong.report.Dashboard.Priority;
import vn.hailong.report.Dashboard.RankedAgency;
import vn.hailong.report.DashboardQuery.RankingOrder;
import vn.hailong.report.SatisfactionReport.ChoiceFigure;
import vn.hailong.report.SatisfactionReport.CriterionFigure;
import vn.hailong.report.SatisfactionReport.ElementFigure;
import vn.hailong.report.SatisfactionReport.OptionFigure;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Assembles a {@link Dashboard} from the report, ranking and trend of {@link SatisfactionReports} and the sample targets. */
@Singleton
class Dashboards {

    /** The multi-choice question of the shipped templates that asks what to improve first (options = element codes). */
    static final String IMPROVE = "improve";
    private static final int TREND_MONTHS = 12;

    private final SatisfactionReports reports;
    private final SampleTargets targets;
    private final AgencyTree agencies;
    private final PeriodComparisons comparisons;

    Dashboards(SatisfactionReports reports, SampleTargets targets, AgencyTree agencies, PeriodComparisons comparisons) {
        this.comparisons = comparisons;
        this.reports = reports;
        this.targets = targets;
        this.agencies = agencies;
    }

    /** The Slovin target of one agency for a period, or null (SampleTargets: served dossiers first, then entered counts). */
    @io.micronaut.core.annotation.Nullable SampleTargets.Target target(Agency agency, ReportPeriod period) {
        return targets.targets(List.of(agency.id()), period).get(agency.id());
    }

    Dashboard build(Agency agency, DashboardQuery query) {
        ReportPeriod period = query.period();
        SatisfactionReport report = reports.report(agency, query.survey(), period.from(), period.to());
        List<RankingRow> ranking = reports.ranking(agency, query.survey(), period.from(), period.to());
        List<TrendPoint> trend = reports.trend(agency, query.survey(), trendStart(period), period.to(), Period.MONTH);

        List<Long> ids = new ArrayList<>();
        ids.add(agency.id());
        Map<String, Long> childIds = new java.util.HashMap<>();
        for (Agency child : agencies.children(agency.id())) {
            childIds.put(child.code(), child.id());
        }
        ids.addAll(childIds.values());
        Map<Long, SampleTargets.Target> byAgency = targets.targets(ids, period);

        List<RankedAgency> ranked = new ArrayList<>();
        List<RankedAgency> unranked = new ArrayList<>();
        for (RankingRow row : ranking) {
            RankedAgency item = new RankedAgency(row, byAgency.get(childIds.get(row.agency().code())));
            (row.rank() != null ? ranked : unranked).add(item);
        }
        ranked.sort(comparator(query.order()));
        unranked.sort(Comparator.comparing(r -> r.row().agency().code()));

        ChoiceFigure improve = report.choices().stream().filter(c -> IMPROVE.equals(c.code())).findFirst().orElse(null);
        return new Dashboard(agency, query.survey(), period, report, byAgency.get(agency.id()), trend, ranked, unranked,
                priorities(report, improve), weakestCriteria(report), improve, reports.minimumSample(),
                comparisons.of(agency, query.survey(), period));
    }

    /** The trend shows the months of the period, and at least the twelve months that end with it. */
    static LocalDate trendStart(ReportPeriod period) {
        if (period.to() == null) {
            return period.from();
        }
        LocalDate twelve = YearMonth.from(period.to()).minusMonths(TREND_MONTHS - 1).atDay(1);
        return period.from() == null || twelve.isBefore(period.from()) ? twelve : period.from();
    }

    static Comparator<RankedAgency> comparator(RankingOrder order) {
        Comparator<RankedAgency> byColumn = switch (order.column()) {
            case "name" -> Comparator.comparing(r -> r.row().agency().code());
            case "responses" -> Comparator.comparingLong(r -> r.row().responses());
            case "index" -> Comparator.comparing(r -> r.row().index(), Comparator.nullsLast(Comparator.naturalOrder()));
            case "width" -> Comparator.comparing(RankedAgency::width, Comparator.nullsLast(Comparator.naturalOrder()));
            case "target" -> Comparator.comparing(r -> r.target() == null ? null : r.target().respondents(),
                    Comparator.nullsLast(Comparator.naturalOrder()));
            default -> Comparator.comparing(r -> r.row().rank(), Comparator.nullsLast(Comparator.naturalOrder()));
        };
        Comparator<RankedAgency> ordered = order.descending() ? byColumn.reversed() : byColumn;
        return ordered.thenComparing(r -> r.row().agency().code());
    }

    static List<Priority> priorities(SatisfactionReport report, ChoiceFigure improve) {
        List<ElementFigure> elements = new ArrayList<>(report.elements());
        elements.sort(Comparator.comparing(ElementFigure::index, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(e -> -asked(improve, e.code()).map(OptionFigure::count).orElse(0L))
                .thenComparing(ElementFigure::code));
        List<Priority> result = new ArrayList<>();
        int order = 1;
        for (ElementFigure e : elements) {
            OptionFigure option = asked(improve, e.code()).orElse(null);
            result.add(new Priority(e.index() == null ? 0 : order++, e.code(), e.title(), e.index(), e.ci95(),
                    option == null ? null : option.count(), option == null ? null : option.share()));
        }
        return result;
    }

    private static java.util.Optional<OptionFigure> asked(ChoiceFigure improve, String element) {
        return improve == null ? java.util.Optional.empty()
                : improve.options().stream().filter(o -> o.code().equals(element)).findFirst();
    }

    /** The five criteria with the lowest index (enough answers or not; the page flags small ones). */
    static List<CriterionFigure> weakestCriteria(SatisfactionReport report) {
        return report.elements().stream().flatMap(e -> e.criteria().stream())
                .filter(c -> c.index() != null)
                .sorted(Comparator.comparing(CriterionFigure::index).thenComparing(CriterionFigure::code))
                .limit(5).filter(Objects::nonNull).toList();
    }
}
