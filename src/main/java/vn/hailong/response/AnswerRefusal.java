package vn.hailong.response;

import vn.hailong.system.Refusal;

import java.util.List;
import java.util.Map;

/**
 * Answers the response rules ({@link AnswerChecker}) refuse. The API lists the reasons
 * ({@code answers.E3.1}: why); the forms that mark questions (the phone questionnaire, the paper
 * entry sheet) read {@link #byQuestion()} instead, so no page takes a field name or a message apart.
 */
public final class AnswerRefusal extends Refusal {

    private final Map<String, FieldProblem> byQuestion;
    private final boolean nothingRated;

    AnswerRefusal(List<Reason> reasons, Map<String, FieldProblem> byQuestion, boolean nothingRated) {
        super(Kind.INVALID, "invalid", List.of(), INVALID_FIELDS, reasons, null);
        this.byQuestion = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(byQuestion));
        this.nothingRated = nothingRated;
    }

    /** The problem of each refused question, by question code. */
    public Map<String, FieldProblem> byQuestion() {
        return byQuestion;
    }

    /** No question was rated on a scale: the whole response says nothing (not a question's fault). */
    public boolean nothingRated() {
        return nothingRated;
    }
}
