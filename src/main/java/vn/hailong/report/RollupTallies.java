package vn.hailong.report;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import vn.hailong.tally.RollupReader;
import vn.hailong.tally.RollupState;
import vn.hailong.tally.RollupTally;
import vn.hailong.tally.Shapes;
import vn.hailong.tally.VersionShape;
import vn.hailong.tally.VersionTally;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The report's tallies from the rollup rows (ADR 0006) instead of the raw score lines: rows are
 * summed per version in the versions' own terms, then mapped once onto the report layout.
 */
@Singleton
class RollupTallies {

    private final RollupReader reader;
    private final Shapes shapes;
    private final RollupState state;

    RollupTallies(RollupReader reader, Shapes shapes, RollupState state) {
        this.reader = reader;
        this.shapes = shapes;
        this.state = state;
    }

    /** False while the rollups are being rebuilt after the upgrade, or for a layout they cannot map onto. */
    boolean usable(ReportLayout layout) {
        return layout.rollupsApply() && state.fresh();
    }

    RollupTally subtree(long agencyId, String survey, @Nullable LocalDate from, @Nullable LocalDate to) {
        RollupTally sum = shapes.newTally();
        reader.subtree(agencyId, survey, from, to, false, (group, start, month, bytes) -> sum.addEncoded(bytes));
        return sum;
    }

    Map<Long, RollupTally> children(long parentId, String survey, @Nullable LocalDate from, @Nullable LocalDate to) {
        Map<Long, RollupTally> byChild = new HashMap<>();
        reader.children(parentId, survey, from, to, (child, start, month, bytes) ->
                byChild.computeIfAbsent(child, c -> shapes.newTally()).addEncoded(bytes));
        return byChild;
    }

    /** Per period start; {@code span}: the first and last day with responses (where from / to are null). */
    record Trend(TreeMap<LocalDate, RollupTally> byPeriod, @Nullable LocalDate first, @Nullable LocalDate last) {
    }

    Trend trend(long agencyId, String survey, @Nullable LocalDate from, @Nullable LocalDate to, Period period) {
        TreeMap<LocalDate, RollupTally> byPeriod = new TreeMap<>();
        // Day and week periods cut through months: those trends read day rows only.
        boolean daysOnly = period == Period.DAY || period == Period.WEEK;
        LocalDate[] days = new LocalDate[2];
        LocalDate[] months = new LocalDate[2];
        reader.subtree(agencyId, survey, from, to, daysOnly, (group, start, month, bytes) -> {
            byPeriod.computeIfAbsent(period.start(start), d -> shapes.newTally()).addEncoded(bytes);
            LocalDate[] edges = month ? months : days;
            if (edges[0] == null || start.isBefore(edges[0])) {
                edges[0] = start;
            }
            if (edges[1] == null || start.isAfter(edges[1])) {
                edges[1] = start;
            }
        });
        LocalDate first = from != null ? from : earliest(days[0], months[0] == null ? null
                : reader.edgeDay(agencyId, survey, months[0], from, to, true));
        LocalDate last = to != null ? to : latest(days[1], months[1] == null ? null
                : reader.edgeDay(agencyId, survey, months[1], from, to, false));
        return new Trend(byPeriod, first, last);
    }

    private static LocalDate earliest(@Nullable LocalDate a, @Nullable LocalDate b) {
        return a == null ? b : b == null || a.isBefore(b) ? a : b;
    }

    private static LocalDate latest(@Nullable LocalDate a, @Nullable LocalDate b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }

    /** The layout's counts from per-version counts: positions, criteria and elements mapped by code. */
    static SatisfactionTally toLayout(ReportLayout layout, RollupTally rollup) {
        SatisfactionTally target = SatisfactionTally.forLayout(layout);
        for (VersionTally v : rollup.versions().values()) {
            if (v.responses() == 0) {
                continue;
            }
            VersionShape shape = v.shape();
            ReportLayout.VersionMap map = layout.version(shape.versionId());
            target.responses += v.responses();
            target.respondents += v.respondents();
            for (int e = 0; e < shape.elements(); e++) {
                target.elementRespondents[layout.elementIndex(shape.elementCode(e))] += v.elementRespondents(e);
            }
            for (int p = 0; p < shape.positions(); p++) {
                int k = map.criterionAt()[p];
                int q = map.questionAt()[p];
                for (int value = 1; value <= 9; value++) {
                    long count = v.distribution(p, value);
                    if (count == 0) {
                        continue;
                    }
                    if (k >= 0) {
                        target.distribution[k][value] += count;
                        target.valueSum[k] += value * count;
                    } else if (q >= 0) {
                        target.questionDistribution[q][value] += count;
                        target.questionSum[q] += value * count;
                        if (map.satisfied()[p][value]) {
                            target.questionSatisfied[q] += count;
                        }
                    }
                }
            }
            int criteria = shape.criteria();
            for (int a = 0; a < criteria; a++) {
                int ka = map.criterionAt()[a];
                for (int b = 0; b < criteria; b++) {
                    int kb = map.criterionAt()[b];
                    target.pairs[ka][kb] += v.pairs(a, b);
                    target.satFirst[ka][kb] += v.satFirst(a, b);
                    target.satBoth[ka][kb] += v.satBoth(a, b);
                }
            }
        }
        return target;
    }

    /** The choice counts in the shape the raw scan gives them, so both paths share the figure code. */
    static ResponseScan.ChoiceCounts choices(RollupTally rollup) {
        List<ResponseScan.OptionCount> picked = new ArrayList<>();
        List<ResponseScan.OptionCount> answered = new ArrayList<>();
        for (VersionTally v : rollup.versions().values()) {
            VersionShape shape = v.shape();
            for (int q = 0; q < shape.choices(); q++) {
                if (v.choiceAnswered(q) > 0) {
                    answered.add(new ResponseScan.OptionCount(shape.versionId(), shape.choiceCode(q), null, v.choiceAnswered(q)));
                }
                List<String> options = shape.choiceOptions(q);
                for (int o = 0; o < options.size(); o++) {
                    if (v.choicePicked(q, o) > 0) {
                        picked.add(new ResponseScan.OptionCount(shape.versionId(), shape.choiceCode(q), options.get(o), v.choicePicked(q, o)));
                    }
                }
            }
        }
        return new ResponseScan.ChoiceCounts(picked, answered);
    }
}
