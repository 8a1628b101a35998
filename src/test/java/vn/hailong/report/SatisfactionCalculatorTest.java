package vn.hailong.report;

import org.junit.jupiter.api.Test;

import vn.hailong.survey.Questionnaire;
import vn.hailong.survey.TemplateParser;
import vn.hailong.tally.RollupTally;
import vn.hailong.tally.VersionShape;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SatisfactionCalculatorTest {

    private static final int[][] TWO_ELEMENTS = {{0, 1}, {2, 3, 4}};

    /** docs/method.md §6.4: 5 respondents, E1 = {E1.1, E1.2}, E2 = {E2.1, E2.2, E2.3}; 0 = no answer. */
    @Test
    void workedExampleOfTheMethodologyIsReproduced() {
        int[][] answers = {
                {5, 4, 3, 5, 4},
                {2, 4, 4, 0, 1},
                {4, 3, 5, 5, 5},
                {5, 5, 2, 4, 3},
                {3, 0, 4, 4, 4}};
        SatisfactionCalculator.Figures f = SatisfactionCalculator.compute(tally(answers, TWO_ELEMENTS), TWO_ELEMENTS);

        assertFigure(f.criterionIndex()[0], f.criterionCi()[0], 60.00, 23.07, 88.24);
        assertFigure(f.criterionIndex()[1], f.criterionCi()[1], 75.00, 30.06, 95.44);
        assertFigure(f.criterionIndex()[2], f.criterionCi()[2], 60.00, 23.07, 88.24);
        assertFigure(f.criterionIndex()[3], f.criterionCi()[3], 100.00, 51.01, 100.00);
        assertFigure(f.criterionIndex()[4], f.criterionCi()[4], 60.00, 23.07, 88.24);
        assertFigure(f.elementIndex()[0], f.elementCi()[0], 67.50, 38.54, 96.46);
        assertFigure(f.elementIndex()[1], f.elementCi()[1], 73.33, 48.89, 97.78);
        assertFigure(f.index(), f.ci(), 70.42, 62.48, 78.35);
        // the standard errors the intervals are made of (docs/method.md §6.5 adds them up for a change): half-width / 1.96
        assertThat(f.elementSe()[0]).isCloseTo((96.46 - 38.54) / 2 / 1.96, within(0.01));
        assertThat(f.elementSe()[1]).isCloseTo((97.78 - 48.89) / 2 / 1.96, within(0.01));
        assertThat(f.se()).isCloseTo((78.35 - 62.48) / 2 / 1.96, within(0.01));
    }

    /** The interval from pair counts equals the direct per-respondent formula, on random data with gaps. */
    @Test
    void intervalsFromPairCountsEqualTheDirectFormula() {
        int[][] elements = {{0, 1, 2}, {3, 4}, {5, 6, 7, 8}};
        Random random = new Random(42);
        for (int round = 0; round < 20; round++) {
            int respondents = 2 + random.nextInt(300);
            int[][] answers = new int[respondents][9];
            for (int[] row : answers) {
                for (int k = 0; k < row.length; k++) {
                    row[k] = random.nextInt(10) < 3 ? 0 : 1 + random.nextInt(5);
                }
            }
            SatisfactionCalculator.Figures f = SatisfactionCalculator.compute(tally(answers, elements), elements);
            Direct direct = direct(answers, elements);
            for (int e = 0; e < elements.length; e++) {
                if (f.elementCi()[e] == null) {
                    continue;
                }
                assertThat(f.elementIndex()[e]).isCloseTo(direct.elementIndex[e], within(1e-9));
                assertThat(f.elementCi()[e][0]).isCloseTo(clip(direct.elementIndex[e] - direct.elementHalf[e]), within(1e-9));
                assertThat(f.elementCi()[e][1]).isCloseTo(clip(direct.elementIndex[e] + direct.elementHalf[e]), within(1e-9));
            }
            assertThat(f.index()).isCloseTo(direct.index, within(1e-9));
            assertThat(f.ci()[0]).isCloseTo(clip(direct.index - direct.half), within(1e-9));
            assertThat(f.ci()[1]).isCloseTo(clip(direct.index + direct.half), within(1e-9));
        }
    }

    @Test
    void criterionWithoutValidAnswersIsSkippedNotCountedAsZero() {
        int[][] elements = {{0, 1}};
        int[][] answers = {{5, 0}, {4, 0}, {1, 0}};
        SatisfactionCalculator.Figures f = SatisfactionCalculator.compute(tally(answers, elements), elements);
        assertThat(f.criterionIndex()[1]).isNull();
        assertThat(f.elementIndex()[0]).isCloseTo(200.0 / 3, within(1e-9));
        assertThat(f.index()).isCloseTo(200.0 / 3, within(1e-9));
    }

    @Test
    void noDataGivesNoIndex() {
        SatisfactionCalculator.Figures f = SatisfactionCalculator.compute(tally(new int[0][5], TWO_ELEMENTS), TWO_ELEMENTS);
        assertThat(f.index()).isNull();
        assertThat(f.ci()).isNull();
    }

    /**
     * The counts the calculator reads, made the way every report makes them: each row is a
     * response's score line counted into a {@link RollupTally} of a questionnaire with these
     * elements (satisfied = 4 or 5), then seen through the report layout.
     */
    static LayoutCounts tally(int[][] answers, int[][] elements) {
        StringBuilder yaml = new StringBuilder("""
                code: calc
                version: 1
                title: {vi: "Phiếu thử", en: "Test form"}
                scales:
                  - code: s5
                    options:
                      - {value: 1, label: {vi: "1", en: "1"}}
                      - {value: 2, label: {vi: "2", en: "2"}}
                      - {value: 3, label: {vi: "3", en: "3"}}
                      - {value: 4, label: {vi: "4", en: "4"}, satisfied: true}
                      - {value: 5, label: {vi: "5", en: "5"}, satisfied: true}
                    noAnswer: {vi: "Không trả lời", en: "No answer"}
                indexScale: s5
                elements:
                """);
        int k = 0;
        for (int e = 0; e < elements.length; e++) {
            yaml.append("  - code: E").append(e + 1).append("\n    title: {vi: \"E").append(e + 1)
                    .append("\", en: \"E").append(e + 1).append("\"}\n    criteria:\n");
            for (int c : elements[e]) {
                assertThat(c).as("criteria numbered in element order").isEqualTo(k++);
                yaml.append("      - {code: C").append(c).append(", text: {vi: \"C").append(c).append("\", en: \"C").append(c).append("\"}}\n");
            }
        }
        Questionnaire questionnaire = new Questionnaire(1, TemplateParser.parse("calc.yml", yaml.toString()));
        VersionShape shape = new VersionShape(questionnaire);
        RollupTally tally = new RollupTally(id -> shape);
        for (int[] row : answers) {
            StringBuilder scores = new StringBuilder();
            for (int value : row) {
                scores.append(value);
            }
            tally.forVersion(1).addResponse(scores.toString(), Map.of(), 1);
        }
        return LayoutCounts.of(new ReportLayout(List.of(questionnaire)), tally);
    }

    private record Direct(double[] elementIndex, double[] elementHalf, double index, double half) {
    }

    /** The φ_i of docs/method.md §6.2 written out literally, one respondent at a time. */
    private static Direct direct(int[][] answers, int[][] elements) {
        int criteria = answers[0].length;
        double[] index = new double[criteria];
        int[] n = new int[criteria];
        for (int k = 0; k < criteria; k++) {
            int s = 0;
            for (int[] row : answers) {
                if (row[k] > 0) {
                    n[k]++;
                    s += row[k] >= 4 ? 1 : 0;
                }
            }
            index[k] = n[k] == 0 ? Double.NaN : 100.0 * s / n[k];
        }
        double[] elementIndex = new double[elements.length];
        double[] elementHalf = new double[elements.length];
        double overallSum = 0;
        int overallElements = 0;
        for (int e = 0; e < elements.length; e++) {
            int used = 0;
            double sum = 0;
            for (int k : elements[e]) {
                if (n[k] > 0) {
                    used++;
                    sum += index[k];
                }
            }
            elementIndex[e] = sum / used;
            double squares = 0;
            int m = 0;
            for (int[] row : answers) {
                double phi = 0;
                boolean any = false;
                for (int k : elements[e]) {
                    if (n[k] > 0 && row[k] > 0) {
                        any = true;
                        phi += ((row[k] >= 4 ? 100.0 : 0.0) - index[k]) / n[k] / used;
                    }
                }
                squares += phi * phi;
                m += any ? 1 : 0;
            }
            elementHalf[e] = 1.96 * Math.sqrt((double) m / (m - 1) * squares);
            overallSum += elementIndex[e];
            overallElements++;
        }
        double squares = 0;
        int m = 0;
        for (int[] row : answers) {
            double phi = 0;
            boolean any = false;
            for (int[] element : elements) {
                int used = (int) java.util.Arrays.stream(element).filter(k -> n[k] > 0).count();
                for (int k : element) {
                    if (n[k] > 0 && row[k] > 0) {
                        any = true;
                        phi += ((row[k] >= 4 ? 100.0 : 0.0) - index[k]) / n[k] / used / overallElements;
                    }
                }
            }
            squares += phi * phi;
            m += any ? 1 : 0;
        }
        return new Direct(elementIndex, elementHalf, overallSum / overallElements,
                1.96 * Math.sqrt((double) m / (m - 1) * squares));
    }

    private static double clip(double v) {
        return Math.max(0, Math.min(100, v));
    }

    private static void assertFigure(Double value, double[] ci, double expected, double low, double high) {
        assertThat(value).isCloseTo(expected, within(0.005));
        assertThat(ci[0]).isCloseTo(low, within(0.005));
        assertThat(ci[1]).isCloseTo(high, within(0.005));
    }
}
