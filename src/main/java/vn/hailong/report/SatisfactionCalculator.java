package vn.hailong.report;

/**
 * The SIPAS formulas of docs/method.md §3, §4 and §6 applied to a {@link LayoutCounts}: criterion, element and
 * overall indexes, Wilson intervals for criteria and linearised intervals for element and overall
 * indexes, computed from pair counts rather than from raw answers.
 */
final class SatisfactionCalculator {

    static final double Z = 1.96;

    private SatisfactionCalculator() {
    }

    /**
     * Indexes as percentages; {@code null} entries (NaN-free) where a figure is undefined. The
     * standard errors (√Var of §6.2, in points, before the interval is clipped) are what the
     * interval of a change between two periods is made of (docs/method.md §6.5).
     */
    record Figures(Double[] criterionIndex, double[][] criterionCi, Double[] elementIndex, double[][] elementCi,
                   Double index, double[] ci, Double[] elementSe, Double se) {
    }

    static Figures compute(LayoutCounts t, int[][] elementCriteria) {
        int k = t.criteriaCount;
        Double[] criterionIndex = new Double[k];
        double[][] criterionCi = new double[k][];
        for (int c = 0; c < k; c++) {
            long n = t.answers(c);
            if (n > 0) {
                criterionIndex[c] = 100.0 * t.satisfied(c) / n;
                criterionCi[c] = wilson(t.satisfied(c), n);
            }
        }
        int elements = elementCriteria.length;
        Double[] elementIndex = new Double[elements];
        double[][] elementCi = new double[elements][];
        Double[] elementSe = new Double[elements];
        double[] overallWeight = new double[k];
        int elementsWithValue = 0;
        for (int e = 0; e < elements; e++) {
            int used = 0;
            double sum = 0;
            for (int c : elementCriteria[e]) {
                if (criterionIndex[c] != null) {
                    used++;
                    sum += criterionIndex[c];
                }
            }
            if (used == 0) {
                continue;
            }
            elementsWithValue++;
            elementIndex[e] = sum / used;
            double[] weight = new double[k];
            for (int c : elementCriteria[e]) {
                if (criterionIndex[c] != null) {
                    weight[c] = 1.0 / used;
                }
            }
            elementSe[e] = standardError(t, criterionIndex, weight, t.elementRespondents[e]);
            elementCi[e] = interval(elementIndex[e], elementSe[e]);
        }
        Double index = null;
        double[] ci = null;
        Double se = null;
        if (elementsWithValue > 0) {
            double sum = 0;
            for (int e = 0; e < elements; e++) {
                if (elementIndex[e] == null) {
                    continue;
                }
                sum += elementIndex[e];
                long used = java.util.Arrays.stream(elementCriteria[e]).filter(c -> criterionIndex[c] != null).count();
                for (int c : elementCriteria[e]) {
                    if (criterionIndex[c] != null) {
                        overallWeight[c] = 1.0 / (elementsWithValue * (double) used);
                    }
                }
            }
            index = sum / elementsWithValue;
            se = standardError(t, criterionIndex, overallWeight, t.respondents);
            ci = interval(index, se);
        }
        return new Figures(criterionIndex, criterionCi, elementIndex, elementCi, index, ci, elementSe, se);
    }

    /** Wilson score interval for {@code satisfied} of {@code n}, in percent. */
    static double[] wilson(long satisfied, long n) {
        double p = (double) satisfied / n;
        double z2 = Z * Z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denominator;
        double half = Z / denominator * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return new double[]{clip(100 * (centre - half)), clip(100 * (centre + half))};
    }

    /** value ± 1.96·se, clipped to [0, 100]; undefined (null) without a standard error. */
    static double[] interval(double value, Double se) {
        if (se == null) {
            return null;
        }
        double half = Z * se;
        return new double[]{clip(value - half), clip(value + half)};
    }

    /**
     * √(m/(m−1)·Σφ²) where φ_i = Σ_k w_k·a_ik·(y_ik − I_k)/n_k, with Σφ² expanded into the pair
     * counts. Undefined (null) with fewer than two respondents.
     */
    static Double standardError(LayoutCounts t, Double[] criterionIndex, double[] weight, long m) {
        if (m < 2) {
            return null;
        }
        double sumSquares = 0;
        for (int a = 0; a < t.criteriaCount; a++) {
            if (weight[a] == 0) {
                continue;
            }
            double ia = criterionIndex[a];
            double na = t.answers(a);
            for (int b = 0; b < t.criteriaCount; b++) {
                if (weight[b] == 0 || t.pairs[a][b] == 0) {
                    continue;
                }
                double ib = criterionIndex[b];
                double nb = t.answers(b);
                double term = 10000.0 * t.satBoth[a][b] - 100.0 * ib * t.satFirst[a][b]
                        - 100.0 * ia * t.satFirst[b][a] + ia * ib * t.pairs[a][b];
                sumSquares += weight[a] * weight[b] / (na * nb) * term;
            }
        }
        double variance = Math.max(0, (double) m / (m - 1) * sumSquares);
        return Math.sqrt(variance);
    }

    private static double clip(double percent) {
        return Math.max(0, Math.min(100, percent));
    }
}
