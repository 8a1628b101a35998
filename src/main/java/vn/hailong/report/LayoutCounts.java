package vn.hailong.report;

import vn.hailong.tally.RollupTally;
import vn.hailong.tally.VersionShape;
import vn.hailong.tally.VersionTally;

/**
 * A {@link RollupTally} seen in the terms of a report layout: its per-version counts pooled by
 * criterion, element and question code (docs/method.md §6.3, the interval from counts). Nothing
 * is ever counted into it: it is made only by {@link #of} from the one tally every report is
 * computed from, whether that tally came from the rollup rows or from the response rows
 * ({@link TallySource}).
 *
 * <p>For criteria k, l: {@code pairs[k][l]} = respondents with a valid answer to both,
 * {@code satFirst[k][l]} = of those, satisfied on k, {@code satBoth[k][l]} = satisfied on both.
 * The diagonal holds n_k and S_k.
 */
final class LayoutCounts {

    final int criteriaCount;
    long responses;
    /** Respondents with at least one valid criterion answer. */
    long respondents;
    final long[] elementRespondents;
    final long[][] distribution;
    final long[] valueSum;
    final long[][] pairs;
    final long[][] satFirst;
    final long[][] satBoth;
    final long[][] questionDistribution;
    final long[] questionSum;
    final long[] questionSatisfied;

    /** Empty counts; package-private for the calculator's test, which fills them by hand. */
    LayoutCounts(int criteriaCount, int elementCount, int questionCount) {
        this.criteriaCount = criteriaCount;
        this.elementRespondents = new long[elementCount];
        this.distribution = new long[criteriaCount][10];
        this.valueSum = new long[criteriaCount];
        this.pairs = new long[criteriaCount][criteriaCount];
        this.satFirst = new long[criteriaCount][criteriaCount];
        this.satBoth = new long[criteriaCount][criteriaCount];
        this.questionDistribution = new long[questionCount][10];
        this.questionSum = new long[questionCount];
        this.questionSatisfied = new long[questionCount];
    }

    /** The layout's counts from per-version counts: positions, criteria and elements mapped by code. */
    static LayoutCounts of(ReportLayout layout, RollupTally tally) {
        LayoutCounts target = new LayoutCounts(layout.criteria.size(), layout.elements.size(), layout.questions.size());
        for (VersionTally v : tally.versions().values()) {
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

    long answers(int k) {
        return pairs[k][k];
    }

    long satisfied(int k) {
        return satFirst[k][k];
    }
}
