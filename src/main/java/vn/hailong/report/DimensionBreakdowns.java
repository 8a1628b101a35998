package vn.hailong.report;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import vn.hailong.agency.Agency;
import vn.hailong.tally.RollupTally;
import vn.hailong.tally.VersionShape;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * The SIPAS index of the responses rated by code, per procedure, field, counter, officer or
 * channel (issue 13 §4). One count type, one formula (issue 16): each key's responses are added
 * to a {@link RollupTally} exactly as the rollups and {@code tally.ResponseTallies} add them (in
 * the shapes {@link TallySource#shapes} gives), seen through {@link LayoutCounts} and computed by
 * {@link SatisfactionCalculator}, as every other report is. The dimensions are not yet keys of
 * the rollup rows, so the rows are read per request (through {@link ResponseScan#byDimension});
 * see docs/method.md.
 */
@Singleton
class DimensionBreakdowns {

    private final SatisfactionReports reports;
    private final ResponseScan scan;
    private final TallySource tallies;

    DimensionBreakdowns(SatisfactionReports reports, ResponseScan scan, TallySource tallies) {
        this.reports = reports;
        this.scan = scan;
        this.tallies = tallies;
    }

    private record Key(@Nullable String agency, @Nullable String key) {
    }

    private static final class Group {
        @Nullable String name;
        final RollupTally tally;

        Group(RollupTally tally) {
            this.tally = tally;
        }
    }

    /** The breakdown of the dashboard's agency, survey and period, narrowed by its dimension filter. */
    Breakdown of(Agency agency, DashboardQuery query, Dimension by) {
        DimensionFilter filter = query.filter().dimensions();
        return new Breakdown(by, filter, breakdown(agency, query.survey(), query.period().from(), query.period().to(), by, filter),
                reports.minimumSample());
    }

    /** Sufficient rows by index, highest first; then the rest by responses; ties by agency and key, an unsent key last. */
    List<BreakdownRow> breakdown(Agency agency, String survey, @Nullable LocalDate from, @Nullable LocalDate to, Dimension by,
                                 DimensionFilter filter) {
        ReportLayout layout = reports.layout(survey);
        LongFunction<VersionShape> shapes = tallies.shapes(layout);
        Map<Key, Group> groups = new LinkedHashMap<>();
        scan.byDimension(agency.id(), survey, from, to, by, filter, (key, name, owner, versionId, scores) -> {
            Group group = groups.computeIfAbsent(new Key(owner, key), k -> new Group(new RollupTally(shapes)));
            if (group.name == null) {
                group.name = name;
            }
            // no choice figures in a breakdown: the choice answers are not read
            group.tally.forVersion(versionId).addResponse(scores, Map.of(), 1);
        });
        int[][] elementCriteria = SatisfactionReports.elementCriteria(layout);
        List<BreakdownRow> rows = new ArrayList<>();
        groups.forEach((key, group) -> {
            LayoutCounts tally = LayoutCounts.of(layout, group.tally);
            boolean sufficient = tally.responses >= reports.minimumSample();
            SatisfactionCalculator.Figures figures = sufficient ? SatisfactionCalculator.compute(tally, elementCriteria) : null;
            rows.add(new BreakdownRow(key.key(), group.name, key.agency(), tally.responses,
                    figures == null ? null : SatisfactionReports.round(figures.index()),
                    figures == null ? null : SatisfactionReports.interval(figures.ci()), sufficient));
        });
        Comparator<String> text = Comparator.nullsLast(Comparator.naturalOrder());
        Comparator<BreakdownRow> ties = Comparator.comparing(BreakdownRow::agency, text).thenComparing(BreakdownRow::key, text);
        Comparator<BreakdownRow> order = Comparator.comparing((BreakdownRow r) -> !(r.sufficientSample() && r.index() != null))
                .thenComparing(r -> r.index() == null ? 0 : -r.index())
                .thenComparing(r -> -r.responses())
                .thenComparing(ties);
        rows.sort(order);
        return rows;
    }
}
