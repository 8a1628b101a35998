package vn.hailong.alert;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import vn.hailong.survey.Questionnaire;
import vn.hailong.survey.SurveyCatalog;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one check of what was entered for an alert rule, shared by the API and the rules page: each
 * field as text (empty = absent), so a form's "abc" and a JSON number go through the same parse.
 * It answers with refusals (field and message key), never with text; the agency's existence and
 * the caller's scope are checked by {@link RuleActions}, which needs the stored tree.
 */
@Singleton
class RuleValidator {

    static final String DEFAULT_SURVEY = "one-stop-rating";
    static final int DEFAULT_DEADLINE_HOURS = 48;
    static final int DEFAULT_DAYS = 30;
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /** What was entered, before any check. */
    record Input(@Nullable String agency, @Nullable String kind, @Nullable String survey, @Nullable List<String> recipients,
                 @Nullable String threshold, @Nullable String days, @Nullable String element, @Nullable String drop,
                 @Nullable List<String> words, @Nullable String deadlineHours) {
    }

    /** The checked rule: defaults filled in, fields cleaned. */
    record Checked(String agency, String kind, String survey, List<String> recipients, @Nullable BigDecimal threshold,
                   @Nullable Integer days, @Nullable String element, @Nullable BigDecimal drop, List<String> words,
                   int deadlineHours) {
    }

    /** Either the checked rule or every refusal (in field order), never both. */
    record Result(@Nullable Checked checked, List<AlertRefusal> refusals) {
        boolean ok() {
            return refusals.isEmpty();
        }
    }

    private final SurveyCatalog surveys;

    RuleValidator(SurveyCatalog surveys) {
        this.surveys = surveys;
    }

    Result check(Input input) {
        List<AlertRefusal> refusals = new ArrayList<>();
        String kind = clean(input.kind());
        if (kind == null || !AlertRule.KINDS.contains(kind)) {
            refusals.add(AlertRefusal.of("kind", "kind.unknown", String.join(", ", AlertRule.KINDS)));
        }
        String agency = clean(input.agency());
        if (agency == null) {
            refusals.add(AlertRefusal.of("agency", "agency.required"));
        }
        String survey = clean(input.survey());
        survey = survey == null ? DEFAULT_SURVEY : survey;
        Optional<Questionnaire> questionnaire = surveys.current(survey);
        if (questionnaire.isEmpty()) {
            refusals.add(AlertRefusal.of("survey", "survey.unknown", survey));
        }
        List<String> recipients = new ArrayList<>();
        List<String> given = input.recipients() == null ? List.of() : input.recipients();
        for (int i = 0; i < given.size(); i++) {
            String address = clean(given.get(i));
            if (address == null || address.length() > 320 || !EMAIL.matcher(address).matches()) {
                refusals.add(AlertRefusal.of("recipients[" + i + "]", "recipients.address", address == null ? "" : address));
            } else {
                recipients.add(address);
            }
        }
        List<String> words = input.words() == null ? List.of() : input.words().stream()
                .map(RuleValidator::clean).filter(w -> w != null).toList();
        if (AlertRule.KEYWORD.equals(kind) && words.isEmpty()) {
            refusals.add(AlertRefusal.of("words", "words.required"));
        }
        String thresholdText = clean(input.threshold());
        BigDecimal threshold = decimal(thresholdText);
        if ((AlertRule.BELOW_THRESHOLD.equals(kind) || thresholdText != null)
                && (threshold == null || threshold.signum() < 0 || threshold.compareTo(HUNDRED) > 0)) {
            refusals.add(AlertRefusal.of("threshold", "threshold.range"));
        }
        String dropText = clean(input.drop());
        BigDecimal drop = decimal(dropText);
        if ((AlertRule.DROP.equals(kind) || dropText != null)
                && (drop == null || drop.signum() <= 0 || drop.compareTo(HUNDRED) > 0)) {
            refusals.add(AlertRefusal.of("drop", "drop.range"));
        }
        String daysText = clean(input.days());
        Integer days = whole(daysText);
        if (daysText != null && (days == null || days < 1 || days > 366)) {
            refusals.add(AlertRefusal.of("days", "days.range"));
        }
        String hoursText = clean(input.deadlineHours());
        Integer deadlineHours = hoursText == null ? Integer.valueOf(DEFAULT_DEADLINE_HOURS) : whole(hoursText);
        if (deadlineHours == null || deadlineHours < 1 || deadlineHours > 24 * 60) {
            refusals.add(AlertRefusal.of("deadlineHours", "deadlineHours.range"));
        }
        String element = clean(input.element());
        if (element != null && questionnaire.isPresent()
                && questionnaire.get().definition().elements().stream().noneMatch(e -> e.code().equals(element))
                && !questionnaire.get().isCriterion(element)) {
            refusals.add(AlertRefusal.of("element", "element.unknown", element, survey));
        }
        if (!refusals.isEmpty()) {
            return new Result(null, List.copyOf(refusals));
        }
        if (AlertRule.BELOW_THRESHOLD.equals(kind) && days == null) {
            days = DEFAULT_DAYS;
        }
        return new Result(new Checked(agency, kind, survey, List.copyOf(recipients), threshold, days, element, drop,
                List.copyOf(words), deadlineHours), List.of());
    }

    private static @Nullable BigDecimal decimal(@Nullable String text) {
        if (text == null) {
            return null;
        }
        try {
            return new BigDecimal(text.replace(',', '.'));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static @Nullable Integer whole(@Nullable String text) {
        if (text == null) {
            return null;
        }
        try {
            return Integer.valueOf(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static @Nullable String clean(@Nullable String text) {
        if (text == null) {
            return null;
        }
        String stripped = text.strip();
        return stripped.isEmpty() ? null : stripped;
    }
}
