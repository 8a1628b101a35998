package vn.hailong.alert;

import jakarta.inject.Singleton;
import vn.hailong.outbox.OutboxEvent;
import vn.hailong.outbox.OutboxHandler;
import vn.hailong.survey.Questionnaire;
import vn.hailong.survey.QuestionType;
import vn.hailong.survey.SurveyCatalog;
import vn.hailong.survey.SurveyDefinition;
import vn.hailong.system.Folding;
import vn.hailong.system.PersonalData;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rules that look at one response — {@code not-satisfied} (an answer at the lowest level of its
 * scale) and {@code keyword} (a free-text answer containing a listed word, accents and đ/d ignored)
 * — run when the response's outbox event is dispatched, in that event's transaction. A match opens
 * the day's case of the rule and agency, or links the response to it.
 */
@Singleton
class ResponseRuleCheck implements OutboxHandler {

    private record StoredAnswer(String code, Integer value, String text) {
    }

    private final SurveyCatalog surveys;
    private final Cases cases;
    private final CaseEvents events;
    private final Clock clock;

    ResponseRuleCheck(SurveyCatalog surveys, Cases cases, CaseEvents events, Clock clock) {
        this.surveys = surveys;
        this.cases = cases;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public void handle(Connection connection, OutboxEvent event) throws SQLException {
        if (!OutboxEvent.RESPONSE_STORED.equals(event.kind())) {
            return;
        }
        String survey;
        long versionId;
        ZoneId zone;
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT r.survey_code, r.survey_version_id, a.time_zone FROM response r JOIN agency a ON a.id = r.agency_id
                WHERE r.id = ?""")) {
            select.setString(1, event.subject());
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return;
                }
                survey = rs.getString(1);
                versionId = rs.getLong(2);
                zone = ZoneId.of(rs.getString(3));
            }
        }
        List<AlertRule> rules = AlertRules.watching(connection, event.agencyId(), survey,
                List.of(AlertRule.NOT_SATISFIED, AlertRule.KEYWORD));
        if (rules.isEmpty()) {
            return;
        }
        Optional<Questionnaire> questionnaire = surveys.byId(versionId);
        if (questionnaire.isEmpty()) {
            return;
        }
        List<StoredAnswer> answers = answers(connection, event.subject());
        Instant now = clock.instant();
        for (AlertRule rule : rules) {
            String figures = matches(rule, questionnaire.get(), answers);
            if (figures == null) {
                continue;
            }
            Cases.Opening opening = cases.openOrFind(connection, rule, event.agencyId(), zone, now, figures);
            cases.link(connection, opening.alertCase().id(), event.subject());
            if (opening.opened()) {
                events.append(connection, OutboxEvent.ALERT_OPENED, cases.find(connection, opening.alertCase().id()).orElseThrow(), now);
            }
        }
    }

    /** What the rule saw in this response (kept on the case when it opens it), or null when it does not apply. */
    private static String matches(AlertRule rule, Questionnaire questionnaire, List<StoredAnswer> answers) {
        if (AlertRule.NOT_SATISFIED.equals(rule.kind())) {
            List<String> low = new ArrayList<>();
            for (StoredAnswer answer : answers) {
                if (answer.value() != null && questionnaire.isCriterion(answer.code())) {
                    int lowest = questionnaire.scaleOf(answer.code()).flatMap(s -> s.options().stream()
                            .map(SurveyDefinition.ScaleOption::value).min(Integer::compare)).orElse(Integer.MIN_VALUE);
                    if (answer.value() == lowest) {
                        low.add(answer.code() + "=" + answer.value());
                    }
                }
            }
            if (low.isEmpty()) {
                return null;
            }
            List<String> said = new ArrayList<>(low);
            for (StoredAnswer answer : answers) {
                if (answer.text() != null) {
                    said.add(answer.code() + ": " + PersonalData.mask(answer.text()));
                }
            }
            return shorten(String.join("; ", said));
        }
        for (StoredAnswer answer : answers) {
            if (answer.text() == null || !isFreeText(questionnaire, answer.code())) {
                continue;
            }
            String folded = " " + Folding.fold(answer.text()) + " ";
            for (String word : rule.words()) {
                if (folded.contains(Folding.fold(word))) {
                    // Matched on the text as typed; the case (read by reviewers, mailed) keeps it masked.
                    return shorten("\"" + word + "\" — " + answer.code() + ": " + PersonalData.mask(answer.text()));
                }
            }
        }
        return null;
    }

    private static boolean isFreeText(Questionnaire questionnaire, String code) {
        SurveyDefinition.Question question = questionnaire.questions().get(code);
        return question != null && question.type() == QuestionType.TEXT;
    }

    private static String shorten(String text) {
        return text.length() <= 2000 ? text : text.substring(0, 1999) + "…";
    }

    private static List<StoredAnswer> answers(Connection connection, String responseId) throws SQLException {
        List<StoredAnswer> answers = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT question_code, value_int, value_text FROM answer WHERE response_id = ? ORDER BY question_code, ordinal")) {
            select.setString(1, responseId);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    int value = rs.getInt(2);
                    answers.add(new StoredAnswer(rs.getString(1), rs.wasNull() ? null : value, rs.getString(3)));
                }
            }
        }
        return answers;
    }
}
