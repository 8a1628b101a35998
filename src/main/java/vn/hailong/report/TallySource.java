package vn.hailong.report;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import vn.hailong.system.ReportDatabase;
import vn.hailong.tally.ResponseTallies;
import vn.hailong.tally.RollupReader;
import vn.hailong.tally.RollupState;
import vn.hailong.tally.RollupTally;
import vn.hailong.tally.Shapes;
import vn.hailong.tally.VersionShape;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongFunction;

/**
 * Where a report's {@link RollupTally} comes from, the one place that decides it: the rollup rows
 * (ADR 0006) when they are fresh and the layout can be mapped onto their per-version counts, else
 * the response rows counted the same way ({@link ResponseTallies}). Either way the result is the
 * same tally, and every figure is computed from it by the same code ({@link LayoutCounts},
 * {@link SatisfactionCalculator}).
 */
@Singleton
class TallySource {

    private final RollupReader reader;
    private final ResponseTallies rows;
    private final Shapes shapes;
    private final RollupState state;
    private final ReportDatabase database;

    TallySource(RollupReader reader, ResponseTallies rows, Shapes shapes, RollupState state, ReportDatabase database) {
        this.reader = reader;
        this.rows = rows;
        this.shapes = shapes;
        this.state = state;
        this.database = database;
    }

    /**
     * From the rollups unless {@code fromRows}, they are being rebuilt after the upgrade, or the
     * layout regroups criteria (ReportLayout.rollupsApply): its element counts then follow from the rows only.
     */
    private boolean fromRollups(ReportLayout layout, boolean fromRows) {
        return !fromRows && layout.rollupsApply() && state.fresh();
    }

    /**
     * The shape each version's responses are counted in: the version's own, or regrouped into the
     * layout's elements when the layout moved a criterion (only the row path counts those).
     */
    LongFunction<VersionShape> shapes(ReportLayout layout) {
        if (layout.rollupsApply()) {
            return shapes::of;
        }
        Map<Long, VersionShape> regrouped = new HashMap<>();
        return id -> regrouped.computeIfAbsent(id, v -> shapes.of(v).regrouped(layout::elementCodeOf));
    }

    RollupTally subtree(ReportLayout layout, long agencyId, String survey, @Nullable LocalDate from, @Nullable LocalDate to,
                        boolean fromRows) {
        if (fromRollups(layout, fromRows)) {
            RollupTally sum = shapes.newTally();
            reader.subtreeSum(agencyId, survey, from, to, (group, start, month, bytes) -> sum.addEncoded(bytes));
            return sum;
        }
        return rows.subtree(agencyId, survey, from, to, shapes(layout), (group, day) -> group)
                .getOrDefault(agencyId, new RollupTally(shapes(layout)));
    }

    /** Per direct child of {@code parentId} with responses. */
    Map<Long, RollupTally> children(ReportLayout layout, long parentId, String survey, @Nullable LocalDate from,
                                    @Nullable LocalDate to, boolean fromRows) {
        if (fromRollups(layout, fromRows)) {
            Map<Long, RollupTally> byChild = new HashMap<>();
            reader.children(parentId, survey, from, to, (child, start, month, bytes) ->
                    byChild.computeIfAbsent(child, c -> shapes.newTally()).addEncoded(bytes));
            return byChild;
        }
        return rows.children(parentId, survey, from, to, shapes(layout), (child, day) -> child);
    }

    /** Per period start; {@code first} / {@code last}: the first and last day with responses (where from / to are null). */
    record Trend(TreeMap<LocalDate, RollupTally> byPeriod, @Nullable LocalDate first, @Nullable LocalDate last) {
    }

    Trend trend(ReportLayout layout, long agencyId, String survey, @Nullable LocalDate from, @Nullable LocalDate to,
                Period period, boolean fromRows) {
        LocalDate[] days = new LocalDate[2];
        if (!fromRollups(layout, fromRows)) {
            TreeMap<LocalDate, RollupTally> byPeriod = new TreeMap<>(rows.subtree(agencyId, survey, from, to, shapes(layout),
                    (group, day) -> {
                        widen(days, day);
                        return period.start(day);
                    }));
            return new Trend(byPeriod, from != null ? from : days[0], to != null ? to : days[1]);
        }
        // One read transaction: the rows and the edge days come from the same state.
        return database.read(status -> {
            TreeMap<LocalDate, RollupTally> byPeriod = new TreeMap<>();
            // Day and week periods cut through months: those trends read day rows only.
            boolean daysOnly = period == Period.DAY || period == Period.WEEK;
            LocalDate[] months = new LocalDate[2];
            reader.subtree(agencyId, survey, from, to, daysOnly, (group, start, month, bytes) -> {
                byPeriod.computeIfAbsent(period.start(start), d -> shapes.newTally()).addEncoded(bytes);
                widen(month ? months : days, start);
            });
            LocalDate first = from != null ? from : earliest(days[0], months[0] == null ? null
                    : reader.edgeDay(agencyId, survey, months[0], from, to, true));
            LocalDate last = to != null ? to : latest(days[1], months[1] == null ? null
                    : reader.edgeDay(agencyId, survey, months[1], from, to, false));
            return new Trend(byPeriod, first, last);
        });
    }

    private static void widen(LocalDate[] edges, LocalDate day) {
        if (edges[0] == null || day.isBefore(edges[0])) {
            edges[0] = day;
        }
        if (edges[1] == null || day.isAfter(edges[1])) {
            edges[1] = day;
        }
    }

    private static LocalDate earliest(@Nullable LocalDate a, @Nullable LocalDate b) {
        return a == null ? b : b == null || a.isBefore(b) ? a : b;
    }

    private static LocalDate latest(@Nullable LocalDate a, @Nullable LocalDate b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }
}
