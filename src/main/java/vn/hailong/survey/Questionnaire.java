package vn.hailong.survey;

import io.micronaut.core.annotation.Nullable;
import vn.hailong.survey.SurveyDefinition.Criterion;
import vn.hailong.survey.SurveyDefinition.Element;
import vn.hailong.survey.SurveyDefinition.Question;
import vn.hailong.survey.SurveyDefinition.Scale;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A stored survey version ready for use: its definition plus the lookups that validation,
 * storage and reports need, computed once.
 *
 * <p>Every question answered on a scale (the index criteria first, then other scale questions)
 * has a fixed position in the version's <em>score line</em>: one digit per question, 0 for no
 * answer. Responses store that line so reports read one short row per response.
 */
public final class Questionnaire {

    private final long id;
    private final SurveyDefinition definition;
    private final Map<String, Scale> scales = new LinkedHashMap<>();
    private final Map<String, Criterion> criteria = new LinkedHashMap<>();
    private final Map<String, String> elementOfCriterion = new LinkedHashMap<>();
    private final Map<String, Question> questions = new LinkedHashMap<>();
    private final List<String> scored = new ArrayList<>();
    private final Map<String, Integer> scorePosition = new LinkedHashMap<>();

    public Questionnaire(long id, SurveyDefinition definition) {
        this.id = id;
        this.definition = definition;
        definition.scales().forEach(s -> scales.put(s.code(), s));
        for (Element element : definition.elements()) {
            for (Criterion criterion : element.criteria()) {
                criteria.put(criterion.code(), criterion);
                elementOfCriterion.put(criterion.code(), element.code());
                addScored(criterion.code());
            }
        }
        for (Question question : definition.questions()) {
            questions.put(question.code(), question);
            if (question.type() == QuestionType.SCALE) {
                addScored(question.code());
            }
        }
    }

    private void addScored(String code) {
        scorePosition.put(code, scored.size());
        scored.add(code);
    }

    public long id() {
        return id;
    }

    public String code() {
        return definition.code();
    }

    public int version() {
        return definition.version();
    }

    public SurveyDefinition definition() {
        return definition;
    }

    public Map<String, Criterion> criteria() {
        return Collections.unmodifiableMap(criteria);
    }

    public Map<String, Question> questions() {
        return Collections.unmodifiableMap(questions);
    }

    public Optional<String> elementOf(String criterionCode) {
        return Optional.ofNullable(elementOfCriterion.get(criterionCode));
    }

    /** The scale a criterion or scale question is answered on, if {@code code} is one. */
    public Optional<Scale> scaleOf(String code) {
        Criterion criterion = criteria.get(code);
        if (criterion != null) {
            return Optional.ofNullable(scales.get(criterion.scale()));
        }
        Question question = questions.get(code);
        if (question != null && question.scale() != null) {
            return Optional.ofNullable(scales.get(question.scale()));
        }
        return Optional.empty();
    }

    public boolean isCriterion(String code) {
        return criteria.containsKey(code);
    }

    public boolean isQuestion(String code) {
        return criteria.containsKey(code) || questions.containsKey(code);
    }

    /** Codes of the scale-answered questions, in score-line order. */
    public List<String> scoredCodes() {
        return Collections.unmodifiableList(scored);
    }

    public int scorePosition(String code) {
        Integer position = scorePosition.get(code);
        if (position == null) {
            throw new IllegalArgumentException(code + " is not answered on a scale");
        }
        return position;
    }

    public boolean isSatisfied(String code, int value) {
        return scaleOf(code).flatMap(scale -> scale.options().stream().filter(o -> o.value() == value).findFirst())
                .map(SurveyDefinition.ScaleOption::satisfied).orElse(false);
    }

    public @Nullable Text title() {
        return definition.title();
    }
}
