package vn.hailong.report;

/**
 * Plain counts over a set of responses from which every SIPAS figure and interval follows
 * (docs/method.md §6.3, the interval from counts). All fields are counts, so tallies of
 * disjoint sets add up: per agency, per day, per period.
 *
 * <p>For criteria k, l: {@code pairs[k][l]} = respondents with a valid answer to both,
 * {@code satFirst[k][l]} = of those, satisfied on k, {@code satBoth[k][l]} = satisfied on both.
 * The diagonal holds n_k and S_k.
 */
final class SatisfactionTally {

    final int criteriaCount;
    final int elementCount;
    final int[] elementOf;
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

    SatisfactionTally(int criteriaCount, int[] elementOf, int elementCount, int questionCount) {
        this.criteriaCount = criteriaCount;
        this.elementCount = elementCount;
        this.elementOf = elementOf;
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

    static SatisfactionTally forLayout(ReportLayout layout) {
        int[] elementOf = layout.criteria.stream().mapToInt(ReportLayout.CriterionSlot::element).toArray();
        return new SatisfactionTally(layout.criteria.size(), elementOf, layout.elements.size(), layout.questions.size());
    }

    /** Adds one response given as its version's score line. */
    void add(ReportLayout.VersionMap version, String scores) {
        int[] value = new int[criteriaCount];
        boolean[] satisfied = new boolean[criteriaCount];
        int length = Math.min(scores.length(), version.criterionAt().length);
        for (int p = 0; p < length; p++) {
            int v = scores.charAt(p) - '0';
            if (v < 1 || v > 9) {
                continue;
            }
            int k = version.criterionAt()[p];
            if (k >= 0) {
                value[k] = v;
                satisfied[k] = version.satisfied()[p][v];
            } else {
                int q = version.questionAt()[p];
                if (q >= 0) {
                    questionDistribution[q][v]++;
                    questionSum[q] += v;
                    if (version.satisfied()[p][v]) {
                        questionSatisfied[q]++;
                    }
                }
            }
        }
        add(value, satisfied);
    }

    /** Adds one response: value[k] in 1..9, or 0 for no valid answer; satisfied[k] for valid ones. */
    void add(int[] value, boolean[] satisfied) {
        responses++;
        boolean any = false;
        boolean[] inElement = new boolean[elementCount];
        for (int k = 0; k < criteriaCount; k++) {
            if (value[k] == 0) {
                continue;
            }
            any = true;
            inElement[elementOf[k]] = true;
            distribution[k][value[k]]++;
            valueSum[k] += value[k];
            for (int l = 0; l < criteriaCount; l++) {
                if (value[l] == 0) {
                    continue;
                }
                pairs[k][l]++;
                if (satisfied[k]) {
                    satFirst[k][l]++;
                    if (satisfied[l]) {
                        satBoth[k][l]++;
                    }
                }
            }
        }
        if (any) {
            respondents++;
        }
        for (int e = 0; e < elementCount; e++) {
            if (inElement[e]) {
                elementRespondents[e]++;
            }
        }
    }

    long answers(int k) {
        return pairs[k][k];
    }

    long satisfied(int k) {
        return satFirst[k][k];
    }

    void addAll(SatisfactionTally other) {
        responses += other.responses;
        respondents += other.respondents;
        for (int e = 0; e < elementCount; e++) {
            elementRespondents[e] += other.elementRespondents[e];
        }
        for (int k = 0; k < criteriaCount; k++) {
            valueSum[k] += other.valueSum[k];
            for (int v = 0; v < 10; v++) {
                distribution[k][v] += other.distribution[k][v];
            }
            for (int l = 0; l < criteriaCount; l++) {
                pairs[k][l] += other.pairs[k][l];
                satFirst[k][l] += other.satFirst[k][l];
                satBoth[k][l] += other.satBoth[k][l];
            }
        }
        for (int q = 0; q < questionSum.length; q++) {
            questionSum[q] += other.questionSum[q];
            questionSatisfied[q] += other.questionSatisfied[q];
            for (int v = 0; v < 10; v++) {
                questionDistribution[q][v] += other.questionDistribution[q][v];
            }
        }
    }
}
