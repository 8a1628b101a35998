package vn.hailong.report;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import vn.hailong.agency.Agency;
import vn.hailong.tally.RollupTally;
import vn.hailong.tally.Shapes;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SIPAS index of the responses rated by code, per procedure, field, counter, officer or
 * channel (issue 13 §4). One count type, one formula (issue 16): each key's responses are added
 * to a {@link RollupTally} exactly as {@code tally.RollupRebuild} adds them, mapped onto the
 * report layout by {@link RollupTallies#toLayout} and computed by {@link SatisfactionCalculator},
 * as every other report is. The dimensions are not yet keys of the rollup rows, so the rows are
 * read per request (through {@link ResponseScan#byDimension}); see docs/method.md.
 */
@Singleton
class DimensionBreakdowns {

    private final SatisfactionReports reports;
    private final ResponseScan scan;
    private final Shapes shapes;

    DimensionBreakdowns(SatisfactionReports reports, ResponseScan scan, Shapes shapes) {
        this.reports = reports;
        this.scan = scan;
        this.shapes = shapes;
    }

    private record Key(@Nullable String agency, @Nullable String key) {
    }

    private static final class Group {
        @Nullable String name;
        final RollupTally tally;
        /** Only for a layout the per-version counts cannot map onto (ReportLayout.rollupsApply): the raw layout counts, as the other reports then use. */
        final SatisfactionTally raw;

        Group(RollupTally tally, SatisfactionTally raw) {
            this.tally = tally;
            this.raw = raw;
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
        boolean perVersion = layout.rollupsApply();
        Map<Key, Group> groups = new LinkedHashMap<>();
        scan.byDimension(agency.id(), survey, from, to, by, filter, (key, name, owner, versionId, scores) -> {
            Group group = groups.computeIfAbsent(new Key(owner, key), k -> new Group(shapes.newTally(),
                    perVersion ? null : SatisfactionTally.forLayout(layout)));
            if (group.name == null) {
                group.name = name;
            }
            if (perVersion) {
                group.tally.forVersion(versionId).addResponse(scores, Map.of(), 1);
            } else {
                group.raw.add(layout.version(versionId), scores);
            }
        });
        int[][] elementCriteria = SatisfactionReports.elementCriteria(layout);
        List<BreakdownRow> rows = new ArrayList<>();
        groups.forEach((key, group) -> {
            SatisfactionTally tally = perVersion ? RollupTallies.toLayout(layout, group.tally) : group.raw;
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
