package vn.hailong.system;

import io.micronaut.context.MessageSource;
import io.micronaut.http.HttpRequest;
import io.micronaut.views.ModelAndView;
import io.micronaut.views.model.ViewModelProcessor;
import jakarta.inject.Singleton;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A refused field as a page says it, in the page's language: the API keeps its English
 * {@link FieldError} messages (integrators read them), and every page that shows a refusal shows
 * {@code ${problemText.of(p, lang)}} instead of the raw field and message, after the field's label
 * {@code problem.field.<field>}. A {@link Refusal.Reason} is given by its own message key
 * ({@code refusal.<code>} with its arguments). A controller's worded refusal
 * ({@link ApiProblemException}, and the report filters not yet turned into typed refusals) is
 * recognised by its wording and given as {@code problem.<reason>}; an unknown one as
 * {@code problem.other}, never in English on a Vietnamese page. Every page model gets
 * {@code problemText}.
 */
@Singleton
public class ProblemTexts implements ViewModelProcessor<Map<String, Object>> {

    private record Known(Pattern wording, String reason) {
    }

    /**
     * The wordings of the worded refusals pages can still show (report filters, audit, flags; a
     * survey missing from the report layout), first match wins. Typed refusals need none.
     */
    private static final List<Known> KNOWN = List.of(
            new Known(Pattern.compile("must not be before from"), "notBeforeFrom"),
            new Known(Pattern.compile("must be a date YYYY-MM-DD"), "date"),
            new Known(Pattern.compile("must be between (\\S+) and (\\S+)"), "range"),
            new Known(Pattern.compile("must be a month \\(.*"), "period"),
            new Known(Pattern.compile("must be a whole number.*"), "wholeNumber"),
            new Known(Pattern.compile("must have at most (\\d+) characters"), "maxLength"),
            new Known(Pattern.compile("must be asc or desc"), "direction"),
            new Known(Pattern.compile("must be one of (.*)"), "oneOf"),
            new Known(Pattern.compile("is required.*"), "required"),
            new Known(Pattern.compile("No survey with code '(.*)'\\."), "noSurvey"),
            new Known(Pattern.compile("no such flag"), "noFlag"),
            new Known(Pattern.compile("this decision does not apply.*"), "decision"));

    private final MessageSource messages;

    ProblemTexts(MessageSource messages) {
        this.messages = messages;
    }

    @Override
    public void process(HttpRequest<?> request, ModelAndView<Map<String, Object>> modelAndView) {
        Map<String, Object> model = new HashMap<>(modelAndView.getModel().orElse(Map.of()));
        model.put("problemText", this);
        modelAndView.setModel(model);
    }

    /**
     * What a report page lists for a refusal: its reasons, or the refusal itself as one reason
     * without a field when it names none (a 403 outside the account's scope).
     */
    public static List<Refusal.Reason> shown(Refusal refusal) {
        if (!refusal.reasons().isEmpty()) {
            return refusal.reasons();
        }
        return List.of(new Refusal.Reason("", refusal.code(), refusal.args(), refusal.getMessage()));
    }

    /**
     * The problem as one sentence in {@code lang}: "Đến ngày: không được trước Từ ngày." Takes a
     * {@link Refusal.Reason} or a {@link FieldError} (pages list either; one method, so the
     * template's expression needs no overload resolution).
     */
    public String of(Object shown, String lang) {
        Locale locale = Languages.toLocale(lang);
        if (shown instanceof Refusal.Reason reason && !reason.code().equals(ApiProblemException.CODE)) {
            String text = messages.getMessage(reason.key(), locale, reason.args().toArray()).orElse(reason.message());
            return labelled(reason.field(), text, locale);
        }
        FieldError problem = shown instanceof Refusal.Reason reason ? reason.toFieldError() : (FieldError) shown;
        String message = problem.message() == null ? "" : problem.message().strip();
        String reason = "other";
        Object[] values = new Object[0];
        for (Known known : KNOWN) {
            Matcher m = known.wording().matcher(message);
            if (m.matches()) {
                reason = known.reason();
                values = new Object[m.groupCount()];
                for (int i = 0; i < m.groupCount(); i++) {
                    values[i] = m.group(i + 1);
                }
                break;
            }
        }
        String text = messages.getMessage("problem." + reason, locale, values).orElse(message);
        return labelled(problem.field(), text, locale);
    }

    private String labelled(String fieldName, String text, Locale locale) {
        String field = fieldName == null || fieldName.isBlank() ? null
                : messages.getMessage("problem.field." + fieldName, locale).orElse(null);
        return field == null ? text : field + ": " + text;
    }
}
