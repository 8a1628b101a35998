package vn.hailong.survey;

import io.micronaut.core.annotation.Nullable;
import vn.hailong.survey.SurveyDefinition.Criterion;
import vn.hailong.survey.SurveyDefinition.Element;
import vn.hailong.survey.SurveyDefinition.Scale;
import vn.hailong.survey.SurveyDefinition.ScaleOption;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The points a survey version gives its answers (the template's {@code points}, e.g. the points of
 * TT 01/2018/TT-VPCP Điều 13): the criteria answered on a scale with points, what each answer is
 * worth, and the score of one dossier. The score is the sum of the points of those criteria, the
 * way the text scores each criterion of a dossier; nothing is weighted or rescaled here.
 */
public final class EvaluationPoints {

    /** A criterion with points: points per scale value, and the most it can give. */
    public record ScoredCriterion(String code, Map<Integer, Integer> pointsByValue, int maxPoints) {

        /** The points of an answer, null when the value is not on the criterion's scale. */
        public @Nullable Integer points(int value) {
            return pointsByValue.get(value);
        }
    }

    private final List<ScoredCriterion> criteria;

    private EvaluationPoints(List<ScoredCriterion> criteria) {
        this.criteria = criteria;
    }

    /** The scored criteria of a version, in the template's order (none when no scale has points). */
    public static EvaluationPoints of(Questionnaire questionnaire) {
        List<ScoredCriterion> criteria = new ArrayList<>();
        for (Element element : questionnaire.definition().elements()) {
            for (Criterion criterion : element.criteria()) {
                Scale scale = questionnaire.scaleOf(criterion.code()).orElse(null);
                if (scale == null || !scale.scored()) {
                    continue;
                }
                Map<Integer, Integer> points = new LinkedHashMap<>();
                int max = 0;
                for (ScaleOption option : scale.options()) {
                    points.put(option.value(), option.points());
                    max = Math.max(max, option.points());
                }
                criteria.add(new ScoredCriterion(criterion.code(), Collections.unmodifiableMap(points), max));
            }
        }
        return new EvaluationPoints(List.copyOf(criteria));
    }

    public List<ScoredCriterion> criteria() {
        return criteria;
    }

    public boolean isEmpty() {
        return criteria.isEmpty();
    }

    /** The most a dossier can score: the sum of the criteria's highest points. */
    public int maxScore() {
        return criteria.stream().mapToInt(ScoredCriterion::maxPoints).sum();
    }

    /**
     * The score of one dossier from its answers (criterion code → scale value): the sum of the
     * points of every scored criterion; null when one of them is unanswered, as a partial sum would
     * read as a low score.
     */
    public @Nullable Integer score(Map<String, Integer> answers) {
        int total = 0;
        for (ScoredCriterion criterion : criteria) {
            Integer value = answers.get(criterion.code());
            Integer points = value == null ? null : criterion.points(value);
            if (points == null) {
                return null;
            }
            total += points;
        }
        return total;
    }
}
