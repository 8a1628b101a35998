package vn.hailong.response;

import io.micronaut.json.tree.JsonNode;
import vn.hailong.survey.QuestionType;
import vn.hailong.survey.Questionnaire;
import vn.hailong.survey.ScoreLine;
import vn.hailong.survey.SurveyDefinition.ChoiceOption;
import vn.hailong.survey.SurveyDefinition.Criterion;
import vn.hailong.survey.SurveyDefinition.Question;
import vn.hailong.survey.SurveyDefinition.RequiredWhen;
import vn.hailong.survey.SurveyDefinition.Scale;
import vn.hailong.system.Refusal.Reason;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Checks raw answers against one survey version: known codes, right types, values on the scale,
 * required criteria and questions, and questions required by another answer ({@code requiredWhen}).
 */
final class AnswerChecker {

    /** The field and reason of a refused empty response (a scored survey answered on no scale). */
    static final String NOTHING_RATED_FIELD = "answers";
    static final String NOTHING_RATED = "must rate at least one question on a scale (a criterion or the overall rating); an empty response is not stored";

    /** The refusals found so far: the API's reasons and, for the forms, each question's problem. */
    private static final class Found {
        final List<Reason> reasons = new ArrayList<>();
        final Map<String, FieldProblem> byQuestion = new LinkedHashMap<>();

        void add(String question, String code, FieldProblem problem, String message, Object... args) {
            reasons.add(Reason.of("answers." + question, code, message, args));
            byQuestion.put(question, problem);
        }

        boolean has(String question) {
            return byQuestion.containsKey(question);
        }
    }

    private static final FieldProblem OTHER = new FieldProblem("other", null);
    private static final FieldProblem NOT_AN_OPTION = new FieldProblem("notAnOption", null);
    private static final FieldProblem REQUIRED = new FieldProblem("required", null);

    private AnswerChecker() {
    }

    static CheckedAnswers check(Questionnaire questionnaire, Map<String, JsonNode> answers) {
        Found errors = new Found();
        List<CheckedAnswers.Row> rows = new ArrayList<>();
        char[] scores = "0".repeat(questionnaire.scoredCodes().size()).toCharArray();
        // Sorted so that the same answers in another key order are the same content.
        Map<String, String> canonical = new TreeMap<>();

        for (Map.Entry<String, JsonNode> entry : answers.entrySet()) {
            String code = entry.getKey();
            JsonNode value = entry.getValue();
            if (!questionnaire.isQuestion(code)) {
                errors.add(code, "answer.unknownQuestion", OTHER, "is not a question of " + questionnaire.code() + " version "
                        + questionnaire.version(), questionnaire.code(), questionnaire.version());
                continue;
            }
            if (value == null || value.isNull()) {
                continue; // "no answer"
            }
            Question question = questionnaire.questions().get(code);
            QuestionType type = question == null ? QuestionType.SCALE : question.type();
            switch (type) {
                case SCALE -> {
                    Scale scale = questionnaire.scaleOf(code).orElseThrow();
                    Integer number = wholeNumber(value);
                    boolean onScale = number != null && scale.options().stream().anyMatch(o -> o.value() == number);
                    if (!onScale) {
                        String values = scale.options().stream().map(o -> String.valueOf(o.value())).collect(Collectors.joining(", "));
                        errors.add(code, "answer.notOnScale", NOT_AN_OPTION, "must be one of " + values + ", or null for no answer", values);
                        continue;
                    }
                    rows.add(new CheckedAnswers.Row(code, 0, number, null));
                    scores[questionnaire.scorePosition(code)] = (char) ('0' + number);
                    canonical.put(code, number.toString());
                }
                case CHOICE -> {
                    if (!value.isString() || !hasOption(question, value.getStringValue())) {
                        errors.add(code, "answer.notAnOption", NOT_AN_OPTION, "must be one of " + optionCodes(question) + ", or null", optionCodes(question));
                        continue;
                    }
                    rows.add(new CheckedAnswers.Row(code, 0, null, value.getStringValue()));
                    canonical.put(code, value.getStringValue());
                }
                case MULTI_CHOICE -> {
                    if (!value.isArray()) {
                        errors.add(code, "answer.notAList", NOT_AN_OPTION, "must be a list of " + optionCodes(question), optionCodes(question));
                        continue;
                    }
                    List<String> picked = new ArrayList<>();
                    Set<String> seen = new HashSet<>();
                    boolean bad = false;
                    for (JsonNode item : value.values()) {
                        if (!item.isString() || !hasOption(question, item.getStringValue()) || !seen.add(item.getStringValue())) {
                            bad = true;
                            break;
                        }
                        picked.add(item.getStringValue());
                    }
                    if (bad) {
                        errors.add(code, "answer.notDistinct", NOT_AN_OPTION, "must be a list of different codes from " + optionCodes(question),
                                optionCodes(question));
                        continue;
                    }
                    if (question.maxChoices() != null && picked.size() > question.maxChoices()) {
                        errors.add(code, "answer.maxChoices", new FieldProblem("maxChoices", question.maxChoices()),
                                "at most " + question.maxChoices() + " choices", question.maxChoices());
                        continue;
                    }
                    for (int i = 0; i < picked.size(); i++) {
                        rows.add(new CheckedAnswers.Row(code, i, null, picked.get(i)));
                    }
                    if (!picked.isEmpty()) {
                        canonical.put(code, String.join(",", picked.stream().sorted().toList()));
                    }
                }
                case TEXT -> {
                    if (!value.isString()) {
                        errors.add(code, "answer.notText", OTHER, "must be text");
                        continue;
                    }
                    String text = Normalizer.normalize(value.getStringValue(), Normalizer.Form.NFC).strip();
                    if (text.indexOf('\0') >= 0) {
                        errors.add(code, "answer.nul", OTHER, "must not contain NUL characters");
                        continue;
                    }
                    int max = question.maxLength() == null ? 2000 : question.maxLength();
                    if (text.codePointCount(0, text.length()) > max) {
                        errors.add(code, "answer.maxLength", new FieldProblem("maxLength", max), "at most " + max + " characters", max);
                        continue;
                    }
                    if (!text.isEmpty()) {
                        rows.add(new CheckedAnswers.Row(code, 0, null, text));
                        canonical.put(code, text);
                    }
                }
            }
        }
        for (Criterion criterion : questionnaire.criteria().values()) {
            if (criterion.mustAnswer() && !canonical.containsKey(criterion.code()) && !errors.has(criterion.code())) {
                errors.add(criterion.code(), "answer.required", REQUIRED, "is required");
            }
        }
        for (Question question : questionnaire.definition().questions()) {
            if (canonical.containsKey(question.code()) || errors.has(question.code())) {
                continue;
            }
            RequiredWhen when = question.requiredWhen();
            if (question.required()) {
                errors.add(question.code(), "answer.required", REQUIRED, "is required");
            } else if (when != null && when.matches(canonical.get(when.question()))) {
                errors.add(question.code(), "answer.requiredWhen", new FieldProblem("requiredWhen", null),
                        "is required when " + when.question() + " is " + canonical.get(when.question()),
                        when.question(), canonical.get(when.question()));
            }
        }
        if (!errors.reasons.isEmpty()) {
            throw new AnswerRefusal(errors.reasons, errors.byQuestion, false);
        }
        if (!ScoreLine.counts(new String(scores))) {
            // Nothing rated: such a response would add to n and to the sample target while saying nothing.
            throw new AnswerRefusal(List.of(Reason.of(NOTHING_RATED_FIELD, "answer.nothingRated", NOTHING_RATED)), Map.of(), true);
        }
        String canonicalText = canonical.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue().length() + ":" + e.getValue())
                .collect(Collectors.joining(";"));
        return new CheckedAnswers(rows, new String(scores), canonicalText);
    }

    private static Integer wholeNumber(JsonNode value) {
        if (!value.isNumber()) {
            return null;
        }
        Number n = value.getNumberValue();
        if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
            long l = n.longValue();
            return l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE ? (int) l : null;
        }
        return null;
    }

    private static boolean hasOption(Question question, String code) {
        return question.options() != null && question.options().stream().anyMatch(o -> o.code().equals(code));
    }

    private static String optionCodes(Question question) {
        return question.options() == null ? "" : question.options().stream().map(ChoiceOption::code).collect(Collectors.joining(", "));
    }
}
