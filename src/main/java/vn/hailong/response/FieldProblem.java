package vn.hailong.response;

import io.micronaut.core.annotation.Nullable;

/**
 * What is wrong with one answer, as a page says it (the phone questionnaire, the paper entry form):
 * a message key {@code form.error.<reason>} with at most one number (the choice limit, the length
 * limit). Given by the response rules ({@code AnswerChecker}) beside the API's reason, in
 * {@link AnswerRefusal#byQuestion()}, so the page and the API give the same reasons and the rules
 * stay in one place.
 */
public record FieldProblem(String reason, @Nullable Integer limit) {

    /** The message key, {@code form.error.<reason>}. */
    public String key() {
        return "form.error." + reason;
    }
}
