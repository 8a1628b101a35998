package vn.hailong.response;

import io.micronaut.core.annotation.Nullable;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What is wrong with one answer, as a page says it (the phone questionnaire, the paper entry form): a message key {@code form.error.<reason>}
 * with at most one number (the choice limit, the length limit). Made from the reason the
 * response rules ({@code AnswerChecker}) give in a refusal, so the page and the API give the same
 * reasons and the rules stay in one place.
 */
public record FieldProblem(String reason, @Nullable Integer limit) {

    private static final Pattern AT_MOST_CHOICES = Pattern.compile("at most (\\d+) choices");
    private static final Pattern AT_MOST_CHARACTERS = Pattern.compile("at most (\\d+) characters");

    /** The message key, {@code form.error.<reason>}. */
    public String key() {
        return "form.error." + reason;
    }

    public static FieldProblem of(String message) {
        Matcher choices = AT_MOST_CHOICES.matcher(message);
        if (choices.find()) {
            return new FieldProblem("maxChoices", Integer.parseInt(choices.group(1)));
        }
        Matcher characters = AT_MOST_CHARACTERS.matcher(message);
        if (characters.find()) {
            return new FieldProblem("maxLength", Integer.parseInt(characters.group(1)));
        }
        if (message.startsWith("is required when")) {
            return new FieldProblem("requiredWhen", null);
        }
        if (message.startsWith("is required")) {
            return new FieldProblem("required", null);
        }
        if (message.startsWith("must be one of") || message.startsWith("must be a list")) {
            return new FieldProblem("notAnOption", null);
        }
        return new FieldProblem("other", null);
    }
}
