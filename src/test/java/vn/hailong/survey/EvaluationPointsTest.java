package vn.hailong.survey;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped legal evaluation scores dossiers with the points of TT 01/2018/TT-VPCP Điều 13
 * (docs/method.md §12): chỉ số 1 (khoản 1) 2 / 1 / 0 for a total time shorter than / equal to /
 * longer than prescribed, chỉ số 3 (khoản 3) 2 / 1 / 0 for no / one / more than one contact to
 * complete the dossier. Each expected score below is worked out by hand from those points.
 */
class EvaluationPointsTest {

    static final int LONGER = 1, EQUAL = 2, SHORTER = 3;
    static final int MORE_THAN_ONCE = 1, ONCE = 2, NONE = 3;

    private static EvaluationPoints legal() throws IOException {
        SurveyDefinition definition = TemplateParser.parse("legal-evaluation.yml", TemplateParserTest.shipped("legal-evaluation.yml"));
        return EvaluationPoints.of(new Questionnaire(1, definition));
    }

    @Test
    void theCriteriaCarryThePointsOfTheCircular() throws IOException {
        EvaluationPoints points = legal();

        assertThat(points.criteria()).extracting(EvaluationPoints.ScoredCriterion::code).containsExactly("time", "contacts");
        assertThat(points.criteria().get(0).pointsByValue()).containsExactly(Map.entry(LONGER, 0), Map.entry(EQUAL, 1), Map.entry(SHORTER, 2));
        assertThat(points.criteria().get(1).pointsByValue()).containsExactly(Map.entry(MORE_THAN_ONCE, 0), Map.entry(ONCE, 1), Map.entry(NONE, 2));
        assertThat(points.maxScore()).as("2 + 2").isEqualTo(4);
    }

    @Test
    void aDossierScoresTheSumOfItsCriteriasPoints() throws IOException {
        EvaluationPoints points = legal();

        // returned early, never had to come back: 2 + 2
        assertThat(points.score(Map.of("time", SHORTER, "contacts", NONE))).isEqualTo(4);
        // returned on the due date, came back once: 1 + 1
        assertThat(points.score(Map.of("time", EQUAL, "contacts", ONCE))).isEqualTo(2);
        // late, came back once: 0 + 1
        assertThat(points.score(Map.of("time", LONGER, "contacts", ONCE))).isEqualTo(1);
        // late and several contacts: 0 + 0
        assertThat(points.score(Map.of("time", LONGER, "contacts", MORE_THAN_ONCE))).isZero();
    }

    @Test
    void aDossierWithoutEveryScoredAnswerHasNoScore() throws IOException {
        EvaluationPoints points = legal();
        Map<String, Integer> partial = new HashMap<>();
        partial.put("time", SHORTER);

        assertThat(points.score(partial)).as("a partial sum would read as a low score").isNull();
        assertThat(points.score(Map.of("time", SHORTER, "contacts", 7))).as("not on the scale").isNull();
    }

    @Test
    void aSurveyWithoutPointsHasNothingToScore() throws IOException {
        SurveyDefinition sipas = TemplateParser.parse("sipas-2017.yml", TemplateParserTest.shippedSipas());

        EvaluationPoints points = EvaluationPoints.of(new Questionnaire(1, sipas));

        assertThat(points.isEmpty()).isTrue();
        assertThat(points.maxScore()).isZero();
    }
}
